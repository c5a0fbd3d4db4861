package io.sessiondb.core;

import java.util.HashMap;
import java.util.Map;

/**
 * How a snapshot's metadata splits: the {@link ClientInfo} keys go to their own columns, the rest is
 * the JSON document of column {@code metadata}. An empty part means "keep what is stored": a save
 * made outside a request (the sweeper, Tomcat's background persistence) knows no client and wipes nothing.
 */
final class Metadata {

    private Metadata() {
    }

    static boolean isClientKey(String key) {
        return ClientInfo.CLIENT_ADDRESS.equals(key) || ClientInfo.USER_AGENT.equals(key);
    }

    /** @return {@code metadata} without the client keys: what the JSON document holds */
    static Map<String, String> document(Map<String, String> metadata) {
        if (!metadata.containsKey(ClientInfo.CLIENT_ADDRESS) && !metadata.containsKey(ClientInfo.USER_AGENT)) {
            return metadata;
        }
        Map<String, String> document = new HashMap<>(metadata);
        document.remove(ClientInfo.CLIENT_ADDRESS);
        document.remove(ClientInfo.USER_AGENT);
        return document;
    }

    /** @return the document as loaded plus the client columns that hold a value */
    static Map<String, String> loaded(Map<String, String> document, String clientAddress, String userAgent) {
        if (clientAddress == null && userAgent == null) {
            return document;
        }
        Map<String, String> metadata = new HashMap<>(document);
        if (clientAddress != null) {
            metadata.put(ClientInfo.CLIENT_ADDRESS, clientAddress);
        }
        if (userAgent != null) {
            metadata.put(ClientInfo.USER_AGENT, userAgent);
        }
        return metadata;
    }

    /**
     * @param stored  the metadata the database holds, as far as this node knows
     * @param given   the snapshot's metadata
     * @param address the client address written, or {@code null} when kept
     * @param agent   the user agent written, or {@code null} when kept
     * @return the metadata the database holds after a write
     */
    static Map<String, String> afterWrite(Map<String, String> stored, Map<String, String> given, String address,
                                          String agent) {
        Map<String, String> document = document(given);
        Map<String, String> after = new HashMap<>(document.isEmpty() ? document(stored) : document);
        putOrKeep(after, ClientInfo.CLIENT_ADDRESS, address, stored);
        putOrKeep(after, ClientInfo.USER_AGENT, agent, stored);
        return after;
    }

    private static void putOrKeep(Map<String, String> after, String key, String written, Map<String, String> stored) {
        String value = written != null ? written : stored.get(key);
        if (value != null) {
            after.put(key, value);
        }
    }
}
