package io.sessiondb.tomcat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One `catalina.sh run` process. */
record Catalina(Process process, Path base, int port) {

    static Catalina start(Path home, Path base) throws IOException, InterruptedException {
        return start(home, base, null);
    }

    /** @param catalinaOpts the {@code CATALINA_OPTS} of this instance (e.g. a {@code -javaagent}), or {@code null} for none */
    static Catalina start(Path home, Path base, String catalinaOpts) throws IOException, InterruptedException {
        String server = Files.readString(base.resolve("conf/server.xml"));
        Matcher m = Pattern.compile("address=\"127.0.0.1\" port=\"(\\d+)\"").matcher(server);
        assertTrue(m.find());
        ProcessBuilder builder = new ProcessBuilder("sh", home.resolve("bin/catalina.sh").toString(), "run");
        builder.environment().put("CATALINA_HOME", home.toString());
        builder.environment().put("CATALINA_BASE", base.toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("CATALINA_OPTS");
        builder.environment().remove("JAVA_OPTS");
        if (catalinaOpts != null) {
            builder.environment().put("CATALINA_OPTS", catalinaOpts);
        }
        builder.redirectErrorStream(true).redirectOutput(base.resolve("logs/console.log").toFile());
        Catalina catalina = new Catalina(builder.start(), base, Integer.parseInt(m.group(1)));
        catalina.awaitStarted();
        return catalina;
    }

    URI uri(String query) {
        return URI.create("http://127.0.0.1:" + port + "/app/?" + query);
    }

    private void awaitStarted() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("catalina.sh exited with " + process.exitValue() + ":\n" + console());
            }
            try {
                if (Http.get(uri("op=exists"), null).status() == 200) {
                    return;
                }
            } catch (AssertionError notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Tomcat in " + base + " did not serve the app within 90 s:\n" + console());
    }

    String console() {
        try {
            return Files.readString(base.resolve("logs/console.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Kills the JVM with SIGKILL ({@code kill -9}; {@code catalina.sh run} execs java, so the process is the
     * JVM) and waits until it is gone: no shutdown hook runs, nothing is written on the way out.
     */
    void kill() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(process.pid())).inheritIO().start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -9 " + process.pid());
        assertTrue(process.waitFor(10, TimeUnit.SECONDS), "the killed Tomcat is gone");
    }

    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
