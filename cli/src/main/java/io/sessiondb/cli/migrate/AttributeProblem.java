package io.sessiondb.cli.migrate;

/**
 * One attribute of a legacy session that will not survive the move to sessiondb.
 *
 * @param sessionId the session's id
 * @param name      the attribute name, or a description such as {@code (principal)} for a value that is not an attribute
 * @param className the class of the value, or {@code null} when it is not known
 * @param reason    why it will not survive
 * @param detail    what the reader or writer said, for the report
 */
record AttributeProblem(String sessionId, String name, String className, Reason reason, String detail) {

    /** Why an attribute will not survive. */
    public enum Reason {
        /** The value was never stored: the container could not serialize it. */
        NOT_SERIALIZABLE("not serializable"),
        /** The value's class is not in the webapp (removed, renamed or in another jar). */
        CLASS_NOT_FOUND("class not found in the webapp"),
        /** The stored bytes cannot be read: corrupt, incompatible class version or rejected by the serial filter. */
        UNREADABLE("unreadable"),
        /** The value (or the whole session) is larger than maxSessionBytes. */
        TOO_LARGE("larger than maxSessionBytes");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        /** @return the reason as the report prints it */
        public String text() {
            return text;
        }
    }

    /** @return one line for the report; the session id is shortened, as ids are secrets */
    public String describe() {
        return "session " + LegacySession.shortId(sessionId) + " attribute '" + name + "'"
                + (className == null ? "" : " (" + className + ")") + ": " + reason.text()
                + (detail == null || detail.isBlank() ? "" : " - " + detail);
    }
}
