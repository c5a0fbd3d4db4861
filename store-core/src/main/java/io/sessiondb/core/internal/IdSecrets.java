package io.sessiondb.core.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Where the idSecrets come from, in this order: the {@code idSecret} setting, the file named by
 * {@code idSecretFile}, the environment variable {@value #ENV}. Each holds one or more secrets
 * separated by commas or line breaks (a file may also have blank lines and {@code #} comments); the
 * first keys new writes, all are tried for reads, so that a secret can be rotated without logging
 * anyone out. Every secret has at least {@value #MIN_CHARS} characters.
 */
public final class IdSecrets {

    /** Environment variable read when neither {@code idSecret} nor {@code idSecretFile} is set: {@value}. */
    public static final String ENV = "SESSIONDB_ID_SECRET";
    /** Shortest secret, in characters: {@value}. */
    public static final int MIN_CHARS = 16;

    private IdSecrets() {
    }

    /**
     * @param source names where the text came from, for the message (a setting, a file, the variable)
     * @return the secrets in {@code text}, in order; empty when the text holds none
     * @throws IllegalArgumentException naming {@code source} when a secret is too short
     */
    public static List<String> parse(String text, String source) {
        List<String> secrets = new ArrayList<>();
        if (text == null) {
            return secrets;
        }
        for (String line : text.split("\\R")) {
            if (line.strip().startsWith("#")) {
                continue;
            }
            for (String part : line.split(",")) {
                String secret = part.strip();
                if (secret.isEmpty()) {
                    continue;
                }
                if (secret.length() < MIN_CHARS) {
                    throw new IllegalArgumentException(source + ": secret number " + (secrets.size() + 1) + " is shorter than "
                            + MIN_CHARS + " characters (each secret of the comma-separated list needs " + MIN_CHARS
                            + " or more, e.g. 32 random characters from `openssl rand -base64 32`)");
                }
                secrets.add(secret);
            }
        }
        return secrets;
    }

    /**
     * @param setting the {@code idSecret} setting, or {@code null}
     * @param file    the {@code idSecretFile} setting, or {@code null}
     * @param env     reads an environment variable ({@code System::getenv})
     * @return the effective secrets, the first for new writes; empty when none is configured anywhere
     * @throws IllegalStateException naming the setting and the fix when a source is set but unusable
     */
    public static List<String> resolve(String setting, String file, Function<String, String> env) {
        if (setting != null && file != null) {
            throw new IllegalStateException("idSecret and idSecretFile are both set: set only one");
        }
        try {
            if (setting != null) {
                return parse(setting, "idSecret");
            }
            if (file != null) {
                return fromFile(file);
            }
            return parse(env.apply(ENV), "environment variable " + ENV);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static List<String> fromFile(String file) {
        String text;
        try {
            text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("idSecretFile " + file + " cannot be read (" + e.getClass().getSimpleName()
                    + "): create it with one secret per line (16+ characters), readable by the server's user only", e);
        }
        List<String> secrets = parse(text, "idSecretFile " + file);
        if (secrets.isEmpty()) {
            throw new IllegalStateException("idSecretFile " + file + " holds no secret: write one secret per line"
                    + " (16+ characters), the current one first");
        }
        return secrets;
    }
}
