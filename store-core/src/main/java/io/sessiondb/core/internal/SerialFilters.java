package io.sessiondb.core.internal;

import java.io.ObjectInputFilter;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link ObjectInputFilter} pattern sessiondb reads attributes through, built from the
 * {@code serialFilter} setting and {@code maxSessionBytes}:
 *
 * <ul>
 *   <li>first the limits, derived from {@code maxSessionBytes} ({@link #limits}); a limit in the
 *       setting comes later and wins, as in the JDK;</li>
 *   <li>then the setting: the default reject list of gadget classes ({@link #DENY_LIST}); or, for
 *       {@code allow:<patterns>}, the JDK value types and collections a session commonly holds
 *       ({@link #JDK_VALUES}), the listed patterns (the webapp's packages, e.g. {@code com.example.**}),
 *       and {@code !*} rejecting every other class; or any other pattern as written.</li>
 * </ul>
 */
public final class SerialFilters {

    /** Prefix of the allow-list form of the setting: {@value}. */
    public static final String ALLOW_PREFIX = "allow:";

    /**
     * Largest graph depth: {@value}. Each bean-to-collection-to-bean hop is two levels, so this is
     * 25 hops of nested beans or entities; a read's stack stays small (a few frames per level).
     */
    public static final int MAX_DEPTH = 50;

    /**
     * Classes used by well-known deserialization gadget chains, rejected by the default filter; every
     * other class is allowed. New chains appear every year: prefer {@code allow:}.
     */
    public static final String DENY_LIST = String.join(";",
            "!org.apache.commons.collections.functors.*",
            "!org.apache.commons.collections4.functors.*",
            "!org.apache.commons.beanutils.BeanComparator",
            "!org.codehaus.groovy.runtime.*",
            "!org.apache.xalan.xsltc.trax.*",
            "!com.sun.org.apache.xalan.internal.xsltc.trax.*",
            "!com.sun.rowset.*",
            "!com.sun.jndi.*",
            "!javax.management.*",
            "!java.rmi.*",
            "!sun.rmi.*",
            "!sun.reflect.annotation.*",
            "!org.springframework.beans.factory.*",
            "!org.springframework.aop.*",
            "!com.mchange.v2.c3p0.*",
            "!org.hibernate.engine.spi.*",
            "!org.hibernate.tuple.*",
            "!org.jboss.interceptor.*",
            "!org.jboss.weld.interceptor.*",
            "!bsh.*",
            "!clojure.*",
            "!org.python.core.*",
            "!org.mozilla.javascript.*",
            "!javassist.*",
            "!net.sf.json.*",
            "!com.sun.syndication.*",
            "!com.rometools.rome.feed.impl.*");

    /**
     * The {@code java.base} classes an allow-list lets through besides the webapp's: strings, boxed
     * numbers, enums, {@code java.math}, {@code java.time} (its serial form {@code java.time.Ser}),
     * dates, UUIDs, locales, and the collections of {@code java.util} (including the forms
     * {@code List.of}, {@code Collections.unmodifiableList} and friends serialize as) and of
     * {@code java.util.concurrent}. Arrays of these and of primitives are allowed with them.
     */
    public static final String JDK_VALUES = String.join(";",
            "java.lang.String", "java.lang.Boolean", "java.lang.Character", "java.lang.Number", "java.lang.Byte",
            "java.lang.Short", "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double",
            "java.lang.Enum", "java.lang.Object",
            "java.math.BigInteger", "java.math.BigDecimal",
            "java.time.Ser", "java.time.*", "java.util.Date", "java.sql.Date", "java.sql.Timestamp", "java.util.UUID",
            "java.util.Locale", "java.util.Currency",
            "java.util.ArrayList", "java.util.LinkedList", "java.util.ArrayDeque", "java.util.Arrays$ArrayList",
            "java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap", "java.util.Hashtable",
            "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet", "java.util.EnumMap",
            "java.util.EnumSet", "java.util.EnumSet$SerializationProxy", "java.util.RegularEnumSet",
            "java.util.JumboEnumSet", "java.util.Map$Entry", "java.util.AbstractMap$SimpleEntry",
            "java.util.AbstractMap$SimpleImmutableEntry", "java.util.Vector", "java.util.Stack",
            "java.util.Properties", "java.util.PriorityQueue",
            "java.util.CollSer", "java.util.ImmutableCollections$*", "java.util.Collections$*",
            "java.util.concurrent.ConcurrentHashMap", "java.util.concurrent.ConcurrentHashMap$Segment",
            "java.util.concurrent.ConcurrentSkipListMap", "java.util.concurrent.ConcurrentSkipListSet",
            "java.util.concurrent.CopyOnWriteArrayList", "java.util.concurrent.CopyOnWriteArraySet",
            "java.util.concurrent.ConcurrentLinkedQueue", "java.util.concurrent.atomic.*",
            "java.lang.String$CaseInsensitiveComparator");

    private SerialFilters() {
    }

    /**
     * The limits for sessions of at most {@code maxSessionBytes} serialized bytes (8 MiB by default):
     * <ul>
     *   <li>{@code maxbytes=maxSessionBytes}: no attribute is longer than its whole session may be;</li>
     *   <li>{@code maxarray=maxSessionBytes}: a longer array cannot have been written in that many bytes
     *       (every element takes at least one); what an array may allocate in memory is bounded further by
     *       the codec, per read, from the attribute's own size;</li>
     *   <li>{@code maxrefs=maxSessionBytes/32} (262,144): more objects than that in one attribute is a
     *       cache, not a session;</li>
     *   <li>{@code maxdepth=}{@value #MAX_DEPTH}.</li>
     * </ul>
     */
    public static String limits(int maxSessionBytes) {
        return "maxbytes=" + maxSessionBytes + ";maxarray=" + maxSessionBytes + ";maxrefs=" + Math.max(1024, maxSessionBytes / 32)
                + ";maxdepth=" + MAX_DEPTH;
    }

    /**
     * @param setting         the {@code serialFilter} setting
     * @param defaultSetting  the default setting, replaced by the limits for {@code maxSessionBytes} plus {@link #DENY_LIST}
     * @return the pattern every attribute read goes through
     * @throws IllegalArgumentException naming {@code serialFilter} when the result is not a valid pattern
     */
    public static String effective(String setting, String defaultSetting, int maxSessionBytes) {
        String limits = limits(maxSessionBytes);
        String pattern;
        if (setting.equals(defaultSetting)) {
            pattern = limits + ";" + DENY_LIST;
        } else if (setting.startsWith(ALLOW_PREFIX)) {
            pattern = limits + ";" + JDK_VALUES + ";" + String.join(";", allowed(setting)) + ";!*";
        } else {
            pattern = limits + ";" + setting;
        }
        try {
            ObjectInputFilter.Config.createFilter(pattern);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("serialFilter is not a valid ObjectInputFilter pattern: " + e.getMessage(), e);
        }
        return pattern;
    }

    /** @return the patterns of an {@code allow:} setting, separated by commas or semicolons */
    private static List<String> allowed(String setting) {
        List<String> patterns = new ArrayList<>();
        for (String part : setting.substring(ALLOW_PREFIX.length()).split("[,;]")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            if (p.equals("*") || p.equals("**") || p.startsWith("max")) {
                throw new IllegalArgumentException("serialFilter=allow: takes class and package patterns only, not '"
                        + p + "': name the webapp's packages, e.g. serialFilter=allow:com.example.**");
            }
            patterns.add(p);
        }
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("serialFilter=allow: names no package: list the webapp's packages,"
                    + " e.g. serialFilter=allow:com.example.**,org.acme.shop.*");
        }
        return patterns;
    }
}
