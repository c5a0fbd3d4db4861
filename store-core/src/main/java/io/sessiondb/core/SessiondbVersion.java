package io.sessiondb.core;

/** The version of sessiondb in use, as the startup log line and {@code --version} report it. */
public final class SessiondbVersion {

    /** What {@link #current()} answers when sessiondb runs from class directories (a build), not from a jar. */
    public static final String UNPACKAGED = "(unpackaged build)";

    private SessiondbVersion() {
    }

    /**
     * @return the {@code Implementation-Version} of the jar holding sessiondb's core classes (the Tomcat
     *         {@code -all.jar}, or {@code sessiondb-core-<version>.jar} in Jetty's {@code lib/sessiondb}), e.g.
     *         {@code 0.1.0}; {@link #UNPACKAGED} when there is none
     */
    public static String current() {
        String version = SessiondbVersion.class.getPackage().getImplementationVersion();
        return version == null ? UNPACKAGED : version;
    }
}
