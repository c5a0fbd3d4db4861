package consumer;

import io.sessiondb.core.SessiondbVersion;
import io.sessiondb.tomcat.SessiondbStore;

/** Uses the drop-in jar's classes and prints the version its manifest names. */
public final class Check {

    public static void main(String[] args) {
        new SessiondbStore();
        System.out.println("version: " + SessiondbVersion.current());
    }
}
