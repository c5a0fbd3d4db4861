package io.sessiondb.spring;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The health indicator ({@code sessiondb} in {@code /actuator/health}) when Boot's health support is
 * present (Boot 3.5: spring-boot-actuator's {@code org.springframework.boot.actuate.health}; Boot 4.0:
 * spring-boot-health's {@code org.springframework.boot.health.contributor}), and the Micrometer binder
 * when Micrometer is. Both are optional: the starter brings neither library.
 */
final class SessiondbActuatorConfigurations {

    private SessiondbActuatorConfigurations() {
    }

    /** Boot 3.5 health. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    @ConditionalOnMissingClass("org.springframework.boot.health.contributor.HealthIndicator")
    static class HealthBoot3 {

        @Bean
        @ConditionalOnMissingBean(name = "sessiondbHealthIndicator")
        org.springframework.boot.actuate.health.HealthIndicator sessiondbHealthIndicator(SessiondbRuntime runtime) {
            return () -> {
                SessiondbHealth.Result result = SessiondbHealth.check(runtime);
                return (result.up() ? org.springframework.boot.actuate.health.Health.up()
                        : org.springframework.boot.actuate.health.Health.down()).withDetails(result.details()).build();
            };
        }
    }

    /** Boot 4.0 health. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class HealthBoot4 {

        @Bean
        @ConditionalOnMissingBean(name = "sessiondbHealthIndicator")
        org.springframework.boot.health.contributor.HealthIndicator sessiondbHealthIndicator(SessiondbRuntime runtime) {
            return () -> {
                SessiondbHealth.Result result = SessiondbHealth.check(runtime);
                return (result.up() ? org.springframework.boot.health.contributor.Health.up()
                        : org.springframework.boot.health.contributor.Health.down()).withDetails(result.details()).build();
            };
        }
    }

    /**
     * Micrometer: store-core's {@link io.sessiondb.core.micrometer.SessiondbMeterBinder} (the meters of
     * docs/metrics.md, tagged {@code app} and {@code node}), bound to each registry Boot hands this binder
     * once the server has started the store, which Boot may do before or after it binds its binders.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
    static class Metrics {

        @Bean
        @ConditionalOnMissingBean(name = "sessiondbMeterBinder")
        io.micrometer.core.instrument.binder.MeterBinder sessiondbMeterBinder(SessiondbRuntime runtime) {
            return registry -> runtime.whenStarted(
                    repository -> new io.sessiondb.core.micrometer.SessiondbMeterBinder(repository).bindTo(registry));
        }
    }
}
