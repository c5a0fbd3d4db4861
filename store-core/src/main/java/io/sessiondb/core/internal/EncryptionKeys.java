package io.sessiondb.core.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Where the keys that encrypt attribute values come from, in this order: the {@code encryptionKeys}
 * setting, the file named by {@code encryptionKeyFile}, the environment variable {@value #ENV}. Each holds
 * one or more keys separated by commas or line breaks (a file may also have blank lines and {@code #}
 * comments), each {@value #KEY_BYTES} random bytes in base64 ({@code openssl rand -base64 32}); the first
 * encrypts new writes, all decrypt, so that a key can be rotated without logging anyone out. No key
 * anywhere: values are stored as the codec writes them.
 */
public final class EncryptionKeys {

    /** Environment variable read when neither {@code encryptionKeys} nor {@code encryptionKeyFile} is set: {@value}. */
    public static final String ENV = "SESSIONDB_ENCRYPTION_KEY";
    /** Length of every key, in bytes (AES-256): {@value}. */
    public static final int KEY_BYTES = 32;

    private static final String FIX = "each key is " + KEY_BYTES + " random bytes in base64, e.g. from"
            + " `openssl rand -base64 32`";

    private EncryptionKeys() {
    }

    /**
     * @param source names where the text came from, for the message (a setting, a file, the variable)
     * @return the keys in {@code text}, in order; empty when the text holds none
     * @throws IllegalArgumentException naming {@code source} (never the key) when a key is not base64 of
     *                                  {@value #KEY_BYTES} bytes
     */
    public static List<byte[]> parse(String text, String source) {
        List<byte[]> keys = new ArrayList<>();
        if (text == null) {
            return keys;
        }
        for (String line : text.split("\\R")) {
            if (line.strip().startsWith("#")) {
                continue;
            }
            for (String part : line.split(",")) {
                String key = part.strip();
                if (key.isEmpty()) {
                    continue;
                }
                byte[] bytes;
                try {
                    bytes = Base64.getDecoder().decode(key);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(source + ": key number " + (keys.size() + 1)
                            + " is not base64; " + FIX, e);
                }
                if (bytes.length != KEY_BYTES) {
                    throw new IllegalArgumentException(source + ": key number " + (keys.size() + 1) + " is "
                            + bytes.length + " bytes long, not " + KEY_BYTES + "; " + FIX);
                }
                keys.add(bytes);
            }
        }
        return keys;
    }

    /**
     * @param setting the {@code encryptionKeys} setting, or {@code null}
     * @param file    the {@code encryptionKeyFile} setting, or {@code null}
     * @param env     reads an environment variable ({@code System::getenv})
     * @return the effective keys, the first for new writes; empty when none is configured anywhere
     * @throws IllegalStateException naming the setting and the fix when a source is set but unusable
     */
    public static List<byte[]> resolve(String setting, String file, Function<String, String> env) {
        if (setting != null && file != null) {
            throw new IllegalStateException("encryptionKeys and encryptionKeyFile are both set: set only one");
        }
        try {
            if (setting != null) {
                return parse(setting, "encryptionKeys");
            }
            if (file != null) {
                return fromFile(file);
            }
            return parse(env.apply(ENV), "environment variable " + ENV);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static List<byte[]> fromFile(String file) {
        String text;
        try {
            text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("encryptionKeyFile " + file + " cannot be read (" + e.getClass().getSimpleName()
                    + "): create it with one key per line (" + FIX + "), readable by the server's user only", e);
        }
        List<byte[]> keys = parse(text, "encryptionKeyFile " + file);
        if (keys.isEmpty()) {
            throw new IllegalStateException("encryptionKeyFile " + file + " holds no key: write one key per line,"
                    + " the current one first (" + FIX + ")");
        }
        return keys;
    }
}
