package io.sessiondb.cli;

import picocli.CommandLine.Option;

/** Which sessions a command is about: those of one principal, or of one value of an indexed attribute. */
final class Selector {

    @Option(names = "--principal", paramLabel = "P", required = true, description = "the sessions of this user")
    String principal;

    @Option(names = "--attribute", paramLabel = "NAME=VALUE", required = true,
            description = "the sessions whose indexed attribute NAME (see indexedAttributes) has VALUE")
    String attribute;

    /** @return the attribute name of {@code --attribute} */
    String attributeName() {
        return pair(attribute)[0];
    }

    /** @return the attribute value of {@code --attribute} */
    String attributeValue() {
        return pair(attribute)[1];
    }

    /** @return NAME and VALUE of an {@code --attribute NAME=VALUE}; a usage error when there is no '=' */
    static String[] pair(String attribute) {
        int equals = attribute.indexOf('=');
        if (equals <= 0) {
            throw new IllegalArgumentException("--attribute takes NAME=VALUE, e.g. --attribute tenant=acme, got '"
                    + attribute + "'");
        }
        return new String[] {attribute.substring(0, equals), attribute.substring(equals + 1)};
    }
}
