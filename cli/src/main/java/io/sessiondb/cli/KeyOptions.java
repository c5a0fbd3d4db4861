package io.sessiondb.cli;

import io.sessiondb.core.SessiondbConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the commands that open attribute values ({@code reencrypt}, {@code check --live}) take the
 * encryption keys from (a picocli mixin): {@code --encryption-key-file}, else the environment variable
 * {@value #ENV}, as the nodes do. Keys never go on the command line, where the process list shows them.
 */
public final class KeyOptions {

    /** Environment variable read when {@code --encryption-key-file} is not given: {@value}. */
    public static final String ENV = "SESSIONDB_ENCRYPTION_KEY";

    @Option(names = "--encryption-key-file", paramLabel = "FILE", description = "the nodes' encryptionKeyFile: one key"
            + " per line, the current one first (default: $" + ENV + ", comma-separated)")
    private Path keyFile;

    /**
     * Sets the keys on {@code config}.
     *
     * @throws IllegalArgumentException naming the option or the variable when a key is unusable
     */
    void apply(SessiondbConfig config, GlobalOptions options) {
        try {
            if (keyFile != null) {
                config.setEncryptionKeyFile(keyFile.toString());
                config.getEncryptionKeyList();
            } else {
                String keys = options.env(ENV);
                if (keys != null) {
                    config.setEncryptionKeys(keys);
                }
            }
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("--encryption-key-file: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("$" + ENV + ": " + e.getMessage().replaceFirst("^encryptionKeys: ", ""), e);
        }
    }

    /** @return whether any key source is given */
    boolean given(GlobalOptions options) {
        return keyFile != null || options.env(ENV) != null;
    }
}
