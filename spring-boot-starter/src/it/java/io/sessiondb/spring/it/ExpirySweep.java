package io.sessiondb.spring.it;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Switches a node's expiry sweep off and on again, through its embedded server: Tomcat runs the sweep from
 * the engine's background processor (off: its delay set to -1, as with no background processing), Jetty from
 * the session house keeper (off: stopped).
 *
 * <p>The server is reached by name ({@code getWebServer()}, then {@code getTomcat()} or {@code getServer()}):
 * these tests compile once for Boot 3.5 and 4.0, whose web server classes live in different packages.
 */
final class ExpirySweep {

    private ExpirySweep() {
    }

    /** Stops the sweep of {@code node}'s server; the returned action starts it again. */
    static Runnable stop(BootNode node) throws ReflectiveOperationException {
        ConfigurableApplicationContext context = node.context();
        Object webServer = context.getClass().getMethod("getWebServer").invoke(context);
        return "jetty".equals(BootNode.SERVER) ? Jetty.stop(webServer) : Tomcat.stop(webServer);
    }

    /** Only loaded in the Tomcat execution. */
    private static final class Tomcat {

        static Runnable stop(Object webServer) throws ReflectiveOperationException {
            org.apache.catalina.startup.Tomcat tomcat =
                    (org.apache.catalina.startup.Tomcat) webServer.getClass().getMethod("getTomcat").invoke(webServer);
            org.apache.catalina.Engine engine = tomcat.getEngine();
            int delay = engine.getBackgroundProcessorDelay();
            engine.setBackgroundProcessorDelay(-1);
            return () -> engine.setBackgroundProcessorDelay(delay);
        }
    }

    /** Only loaded in the Jetty execution. */
    private static final class Jetty {

        static Runnable stop(Object webServer) throws ReflectiveOperationException {
            org.eclipse.jetty.server.Server server =
                    (org.eclipse.jetty.server.Server) webServer.getClass().getMethod("getServer").invoke(webServer);
            org.eclipse.jetty.session.HouseKeeper keeper =
                    server.getBean(org.eclipse.jetty.session.SessionIdManager.class).getSessionHouseKeeper();
            try {
                keeper.stop();
            } catch (Exception e) {
                throw new IllegalStateException("stopping Jetty's session house keeper", e);
            }
            return () -> {
                try {
                    keeper.start();
                } catch (Exception e) {
                    throw new IllegalStateException("starting Jetty's session house keeper", e);
                }
            };
        }
    }
}
