package io.sessiondb.core;

import java.util.HashMap;
import java.util.Map;

/**
 * The keys under which an adapter puts the client of the current request into a
 * {@link SessionSnapshot#metadata() snapshot's metadata}, and their limits. The store writes them to
 * the columns {@code client_address}, {@code user_agent} and {@code client_type} (parsed from the user
 * agent) with the save or touch the request makes anyway, never in a write of their own, and only
 * when {@code clientInfo} is on. A snapshot whose metadata is empty (a save outside a request) keeps
 * what is stored.
 */
public final class ClientInfo {

    /** Key of the client address: {@code request.getRemoteAddr()}, as the container's proxy settings decide it. */
    public static final String CLIENT_ADDRESS = "clientAddress";
    /** Key of the {@code User-Agent} request header. */
    public static final String USER_AGENT = "userAgent";
    /** Longest user agent stored, in characters: {@value}; a longer one is cut. */
    public static final int MAX_USER_AGENT_CHARS = 512;
    /** Longest client address stored, in characters: {@value} (an IPv6 address with a zone fits). */
    public static final int MAX_CLIENT_ADDRESS_CHARS = 64;

    private ClientInfo() {
    }

    /**
     * @param clientAddress {@code request.getRemoteAddr()}, or {@code null}
     * @param userAgent     the {@code User-Agent} header, or {@code null}
     * @return the metadata map of a snapshot taken in a request from this client
     */
    public static Map<String, String> of(String clientAddress, String userAgent) {
        Map<String, String> metadata = new HashMap<>(4);
        if (clientAddress != null) {
            metadata.put(CLIENT_ADDRESS, cut(clientAddress, MAX_CLIENT_ADDRESS_CHARS));
        }
        if (userAgent != null) {
            metadata.put(USER_AGENT, cut(userAgent, MAX_USER_AGENT_CHARS));
        }
        return metadata;
    }

    /** @return {@code value} cut to at most {@code max} characters, never splitting a surrogate pair */
    static String cut(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
        return value.substring(0, end);
    }
}
