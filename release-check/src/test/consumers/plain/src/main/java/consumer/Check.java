package consumer;

import io.sessiondb.core.SessionRepository;
import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.jetty.SessiondbDataStoreFactory;
import io.sessiondb.tomcat.SessiondbStore;

/** Uses sessiondb the way an embedding application does, on the class path its POMs gave it. */
public final class Check {

    public static void main(String[] args) {
        new SessiondbStore();
        new SessiondbDataStoreFactory();
        SessiondbConfig config = new SessiondbConfig();
        config.setJdbcUrl("jdbc:sqlite:" + args[0]);
        config.setAppName("consumer");
        try (SessionRepository repository = SessionRepository.start(config)) {
            System.out.println("sessions: " + repository.count());
        }
    }
}
