package io.sessiondb.core.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import ua_parser.Client;
import ua_parser.Parser;

/**
 * The client type of a user agent: {@code desktop}, {@code mobile}, {@code tablet}, {@code bot} or
 * {@code other}, from ua-parser's maintained regexes (uap-java). Building the parser takes about a
 * second and one parse a few milliseconds, so the parser is built once per JVM ({@link #warmUp()} at
 * start, off the request path) and results are cached; the store parses only a user agent that
 * changed. Thread-safe.
 */
public final class ClientTypes {

    public static final String DESKTOP = "desktop";
    public static final String MOBILE = "mobile";
    public static final String TABLET = "tablet";
    public static final String BOT = "bot";
    public static final String OTHER = "other";

    private static final int CACHE_SIZE = 1000;
    private static final Set<String> MOBILE_OS = Set.of("iOS", "Android", "Windows Phone", "BlackBerry OS",
            "Symbian OS", "Firefox OS", "KaiOS", "HarmonyOS", "Tizen", "Sailfish");
    private static final Set<String> DESKTOP_OS = Set.of("Windows", "Mac OS X", "Linux", "Ubuntu", "Chrome OS",
            "Fedora", "Debian", "FreeBSD", "OpenBSD", "NetBSD", "Solaris", "Red Hat", "Mint", "SUSE", "Gentoo",
            "Kubuntu", "Arch Linux", "Mandriva", "Slackware", "CentOS");

    private static final Map<String, String> CACHE = new LinkedHashMap<>(CACHE_SIZE, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    private ClientTypes() {
    }

    /** Builds the parser in a background thread, so that the first request does not wait for it. */
    public static void warmUp() {
        Thread t = new Thread(() -> Holder.PARSER.hashCode(), "sessiondb-ua-parser");
        t.setDaemon(true);
        t.start();
    }

    /** @return the client type of {@code userAgent}; {@code other} for {@code null} or blank */
    public static String of(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return OTHER;
        }
        synchronized (CACHE) {
            String cached = CACHE.get(userAgent);
            if (cached != null) {
                return cached;
            }
        }
        String type = classify(Holder.PARSER.parse(userAgent), userAgent);
        synchronized (CACHE) {
            CACHE.put(userAgent, type);
        }
        return type;
    }

    private static String classify(Client client, String userAgent) {
        String device = client.device.family;
        String os = client.os.family;
        if ("Spider".equals(device)) {
            return BOT;
        }
        if (device.contains("iPad") || device.contains("Kindle") || device.contains("Tablet")
                || "Android".equals(os) && !userAgent.contains("Mobile")) {
            return TABLET;
        }
        if (MOBILE_OS.contains(os) || device.contains("iPhone") || device.contains("iPod")) {
            return MOBILE;
        }
        if (DESKTOP_OS.contains(os)) {
            return DESKTOP;
        }
        return OTHER;
    }

    /** The parser, built on first use: the regexes are compiled once per JVM. */
    private static final class Holder {
        static final Parser PARSER = new Parser();
    }
}
