package io.sessiondb.cli.migrate;

import io.sessiondb.cli.SessiondbCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** What the migration tests share: the legacy WAR, a class only a webapp has, running a command. */
final class LegacyFixtures {

    private LegacyFixtures() {
    }

    /** @return the legacy webapp's WAR, which the build copies into target/ */
    static Path legacyWar() {
        Path war = Path.of("target", "legacy-webapp.war").toAbsolutePath();
        if (!Files.isRegularFile(war)) {
            throw new AssertionError("the legacy WAR is missing at " + war + ": run mvn -pl cli -am verify");
        }
        return war;
    }

    /** Unpacks {@code war} into {@code dir}: an exploded webapp. */
    static Path explode(Path war, Path dir) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(war))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path target = dir.resolve(entry.getName()).normalize();
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target);
                }
            }
        }
        return dir;
    }

    /** @return the items of a {@code com.example.legacy.Cart} from the WAR (not on the test classpath) */
    @SuppressWarnings("unchecked")
    static List<String> cartItems(Object cart) throws ReflectiveOperationException {
        return (List<String>) cart.getClass().getMethod("items").invoke(cart);
    }

    /**
     * Compiles {@code legacy.extra.Coupon}, a Serializable class found in no class path of this build,
     * into {@code dir/WEB-INF/classes}: a class a webapp had and its next version lost.
     */
    static void compileCoupon(Path dir) throws IOException {
        Path src = Files.createTempDirectory("coupon-src");
        Path file = Files.createDirectories(src.resolve("legacy/extra")).resolve("Coupon.java");
        Files.writeString(file, """
                package legacy.extra;
                public class Coupon implements java.io.Serializable {
                    private static final long serialVersionUID = 1L;
                    public String code = "WELCOME10";
                }
                """);
        Path classes = Files.createDirectories(dir.resolve("WEB-INF/classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "-d", classes.toString(), file.toString());
        if (status != 0) {
            throw new AssertionError("javac failed on " + file);
        }
    }

    /** The output and status of a command run in this JVM. */
    record Run(int status, String out, String err) {
    }

    /** Runs {@code java -jar sessiondb-cli.jar args...} in this JVM. */
    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = SessiondbCli.run(InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), args);
        Run run = new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        System.out.println("--- " + String.join(" ", args) + "\n" + run.out + run.err + "--- exit " + status);
        return run;
    }
}
