/**
 * sessiondb for Tomcat 10.1 and 11: {@link io.sessiondb.tomcat.SessiondbStore}, a {@code Store} for
 * Tomcat's {@code PersistentManager}, and {@link io.sessiondb.tomcat.SessiondbValve}, the valve for
 * non-sticky nodes. Both ship in {@code sessiondb-tomcat-<version>-all.jar}; see {@code docs/tomcat.md}.
 */
package io.sessiondb.tomcat;
