package io.sessiondb.spring;

import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded-server customizers, one per server and Boot line: Boot 3.5 has its customizer interfaces
 * in {@code org.springframework.boot.web.embedded.tomcat|jetty}, Boot 4.0 in
 * {@code org.springframework.boot.tomcat|jetty}. Boot applies every customizer bean of its server's type
 * when it creates the server. The work is done by {@link TomcatSessions} and {@link JettySessions}.
 */
final class SessiondbServerConfigurations {

    private SessiondbServerConfigurations() {
    }

    /** Boot 3.5, Tomcat. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.boot.web.embedded.tomcat.TomcatContextCustomizer",
            "org.apache.catalina.startup.Tomcat"})
    static class TomcatBoot3 {

        @Bean
        org.springframework.boot.web.embedded.tomcat.TomcatContextCustomizer sessiondbTomcatContextCustomizer(
                SessiondbProperties properties, ObjectProvider<DataSource> dataSources, SessiondbRuntime runtime) {
            return new TomcatSessions(properties, dataSources, runtime)::customize;
        }
    }

    /** Boot 4.0, Tomcat. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.boot.tomcat.TomcatContextCustomizer",
            "org.apache.catalina.startup.Tomcat"})
    static class TomcatBoot4 {

        @Bean
        org.springframework.boot.tomcat.TomcatContextCustomizer sessiondbTomcatContextCustomizer(
                SessiondbProperties properties, ObjectProvider<DataSource> dataSources, SessiondbRuntime runtime) {
            return new TomcatSessions(properties, dataSources, runtime)::customize;
        }
    }

    /** Boot 3.5, Jetty. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.boot.web.embedded.jetty.JettyServerCustomizer",
            "org.eclipse.jetty.server.Server"})
    static class JettyBoot3 {

        @Bean
        org.springframework.boot.web.embedded.jetty.JettyServerCustomizer sessiondbJettyServerCustomizer(
                SessiondbProperties properties, ObjectProvider<DataSource> dataSources, SessiondbRuntime runtime) {
            return new JettySessions(properties, dataSources, runtime)::customize;
        }
    }

    /** Boot 4.0, Jetty. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.boot.jetty.JettyServerCustomizer",
            "org.eclipse.jetty.server.Server"})
    static class JettyBoot4 {

        @Bean
        org.springframework.boot.jetty.JettyServerCustomizer sessiondbJettyServerCustomizer(
                SessiondbProperties properties, ObjectProvider<DataSource> dataSources, SessiondbRuntime runtime) {
            return new JettySessions(properties, dataSources, runtime)::customize;
        }
    }
}
