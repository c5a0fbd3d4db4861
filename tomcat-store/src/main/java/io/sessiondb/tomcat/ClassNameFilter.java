package io.sessiondb.tomcat;

import io.sessiondb.core.LogText;
import java.io.ObjectInputFilter;
import java.util.regex.Pattern;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

/**
 * Tomcat's {@code sessionAttributeValueClassNameFilter} (a regular expression on class names, set on
 * the {@code <Manager>}) as an {@link ObjectInputFilter}, applied on top of sessiondb's
 * {@code serialFilter}: a class whose name does not match is rejected, as Tomcat's own stores do.
 */
final class ClassNameFilter implements ObjectInputFilter {

    private static final Log log = LogFactory.getLog(ClassNameFilter.class);

    private final String regex;
    private final Pattern pattern;
    private final boolean warn;

    ClassNameFilter(String regex, boolean warn) {
        this.regex = regex;
        this.pattern = Pattern.compile(regex);
        this.warn = warn;
    }

    /** @return the expression this filter was built from */
    String regex() {
        return regex;
    }

    @Override
    public Status checkInput(FilterInfo info) {
        Class<?> type = info.serialClass();
        if (type == null || type.isPrimitive()) {
            return Status.UNDECIDED;
        }
        if (pattern.matcher(type.getName()).matches()) {
            return Status.UNDECIDED;
        }
        if (warn) {
            log.warn("sessiondb - class " + LogText.of(type.getName()) + " does not match the Manager's"
                    + " sessionAttributeValueClassNameFilter [" + regex + "]; the attribute is not loaded");
        } else if (log.isDebugEnabled()) {
            log.debug("sessiondb - class " + LogText.of(type.getName()) + " rejected by sessionAttributeValueClassNameFilter");
        }
        return Status.REJECTED;
    }
}
