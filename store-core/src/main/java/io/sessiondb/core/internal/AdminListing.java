package io.sessiondb.core.internal;

/**
 * What one admin listing page reads: by principal or by indexed attribute, in one app or all, and the
 * keyset position after which the page starts (newest activity first: last access descending, then app
 * and id digest ascending).
 *
 * @param app            the app, or {@code null} for every app
 * @param principal      the principal, or {@code null} when listing by attribute
 * @param attributeName  the indexed attribute's name, or {@code null} when listing by principal
 * @param attributeValue its value
 * @param activeAfterMs  sessions that expired at or before this time are left out (revoked ones are listed
 *                       anyway); {@link Long#MIN_VALUE} lists expired ones too
 * @param afterAccessMs  last access of the previous page's last row; {@link Long#MAX_VALUE} for a first page
 * @param afterApp       its app ({@code ""} for a first page)
 * @param afterDigest    its id digest (empty for a first page)
 * @param limit          rows to read
 */
public record AdminListing(String app, String principal, String attributeName, String attributeValue,
                           long activeAfterMs, long afterAccessMs, String afterApp, byte[] afterDigest, int limit) {
}
