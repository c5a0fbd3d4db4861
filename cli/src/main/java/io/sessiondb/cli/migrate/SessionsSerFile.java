package io.sessiondb.cli.migrate;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The file Tomcat's {@code StandardManager} writes when the webapp stops ({@code SESSIONS.ser} in the
 * context's work directory, e.g. {@code work/Catalina/localhost/shop/SESSIONS.ser}): one serialization
 * stream holding the session count, then each session in {@code StandardSession.writeObjectData}
 * format. Read without changing it (Tomcat deletes it once it has loaded it).
 */
final class SessionsSerFile implements LegacySource {

    private final Path file;
    private final ClassLoader loader;
    private final ObjectInputFilter filter;

    SessionsSerFile(Path file, ClassLoader loader, ObjectInputFilter filter) {
        this.file = file;
        this.loader = loader;
        this.filter = filter;
    }

    @Override
    public void read(SessionSink sink) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             WebappObjectInputStream in = new WebappObjectInputStream(new BufferedInputStream(raw), loader, filter)) {
            int count;
            try {
                count = (Integer) in.readObject();
            } catch (ClassNotFoundException | ClassCastException e) {
                throw new IOException(file + " is not a SESSIONS.ser written by Tomcat's StandardManager", e);
            }
            long now = System.currentTimeMillis();
            boolean aborted = false;
            for (int i = 0; i < count; i++) {
                TomcatSessionDecoder.Decoded decoded;
                try {
                    decoded = TomcatSessionDecoder.read(in, "#" + (i + 1));
                } catch (IOException e) {
                    sink.failed("#" + (i + 1), (aborted ? "after a value Tomcat could not serialize, the file cannot"
                            + " be followed (Tomcat cannot load it either): " : "") + e + "; " + (count - i - 1)
                            + " more sessions not reached");
                    return;
                }
                LegacySession session = decoded.session();
                aborted |= session.problems().stream()
                        .anyMatch(p -> p.reason() == AttributeProblem.Reason.NOT_SERIALIZABLE);
                if (session.liveAt(now)) {
                    sink.session(session);
                } else {
                    sink.skipped(session.id(), session.valid() ? "expired" : "invalidated");
                }
                if (decoded.broken()) {
                    if (i + 1 < count) {
                        sink.failed("#" + (i + 2), "not reached: " + (count - i - 1)
                                + " more sessions follow a value the file cannot be read past");
                    }
                    return;
                }
            }
        }
    }

    @Override
    public String describe() {
        return "Tomcat StandardManager file " + file;
    }
}
