package consumer;

import io.sessiondb.spring.SessiondbRuntime;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the application as a user would, with sessiondb.* properties; the starter has started the store. */
@SpringBootApplication
public class Check {

    public static void main(String[] args) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Check.class).properties(
                "server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off", "logging.level.root=WARN",
                "sessiondb.jdbc-url=jdbc:sqlite:" + args[0], "sessiondb.app-name=consumer",
                "sessiondb.id-secret=release-check-secret-0123456789").run()) {
            SessiondbRuntime runtime = context.getBean(SessiondbRuntime.class);
            System.out.println("sessions: " + runtime.repository().orElseThrow().count());
        }
    }
}
