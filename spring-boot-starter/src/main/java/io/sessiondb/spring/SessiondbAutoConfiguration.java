package io.sessiondb.spring;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Keeps the sessions of the application's embedded Tomcat or Jetty in sessiondb, on Spring Boot 3.5 and
 * 4.0. On unless {@code sessiondb.enabled=false}. Each Boot line has its own customizer configuration
 * (Boot 4.0 moved the customizer interfaces and the health types to new packages); the one whose classes
 * are present applies. Needs a servlet web application; Spring Session is not involved.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(prefix = "sessiondb", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(SessiondbProperties.class)
@Import({SessiondbServerConfigurations.TomcatBoot3.class, SessiondbServerConfigurations.TomcatBoot4.class,
        SessiondbServerConfigurations.JettyBoot3.class, SessiondbServerConfigurations.JettyBoot4.class,
        SessiondbActuatorConfigurations.HealthBoot3.class, SessiondbActuatorConfigurations.HealthBoot4.class,
        SessiondbActuatorConfigurations.Metrics.class})
public class SessiondbAutoConfiguration {

    /** Made by Boot. */
    public SessiondbAutoConfiguration() {
    }

    /** @return the handle on the running store (health, metrics, the application's own use) */
    @Bean
    public SessiondbRuntime sessiondbRuntime() {
        return new SessiondbRuntime();
    }
}
