package io.sessiondb.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One of store-core's cluster scripts ({@code pg-failover/cluster.sh}, {@code galera/cluster.sh}),
 * run by the tests that start a clustered database of their own. Usable from every module: the script
 * is found on the test classpath when store-core's test resources are a directory there, else in
 * store-core's source tree beside the calling module.
 */
public final class ClusterScript {

    private final String resource;
    private final long timeoutSeconds;
    private final String needs;

    /**
     * @param resource       the script's path in store-core's test resources, e.g. {@code pg-failover/cluster.sh}
     * @param timeoutSeconds longest run of one command
     * @param needs          what the script needs, for the failure message, e.g. {@code the postgresql server package}
     */
    public ClusterScript(String resource, long timeoutSeconds, String needs) {
        this.resource = resource;
        this.timeoutSeconds = timeoutSeconds;
        this.needs = needs;
    }

    /** Runs the script with {@code args} and fails the test, with the script's output, when it fails. */
    public void run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", script().toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String what = resource + " " + String.join(" ", args);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(what + " did not finish within " + timeoutSeconds + " s");
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), what + " failed (it runs as root and needs " + needs
                + ": run ./run-tests.sh): " + output);
    }

    private Path script() {
        URL url = ClusterScript.class.getResource("/" + resource);
        if (url != null && "file".equals(url.getProtocol())) {
            try {
                return Path.of(url.toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException("bad resource URL " + url, e);
            }
        }
        Path path = Path.of("../store-core/src/test/resources", resource).toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(path), "store-core's " + resource + " not found at " + path);
        return path;
    }
}
