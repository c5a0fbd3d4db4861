package io.sessiondb.bench.webapp;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The webapp every configuration of bench/run.sh serves, embedded or deployed in a distribution (its
 * classes are copied to {@code WEB-INF/classes}):
 * <ul>
 *   <li>{@code /init}: creates the session: a small mutable bean, a String and an Integer counter;
 *       {@code /init?big=1} adds an attribute of 256 KiB that no later request touches, and
 *       {@code maxInactive=seconds} sets the session's timeout;</li>
 *   <li>{@code /peek}: reads the counter (a read-only request);</li>
 *   <li>{@code /count}: increments the counter (a request that writes one small attribute).</li>
 * </ul>
 * A request without a session gets 410, which wrk counts as an error: a benchmark whose cookies do not
 * reach a session measures nothing.
 */
public final class BenchServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** Bytes of the untouched attribute of a big session. */
    public static final int BIG_BYTES = 256 * 1024;

    /** A small mutable bean, as webapps keep in sessions. */
    public static final class Profile implements Serializable {
        private static final long serialVersionUID = 1L;
        final List<String> recent = new ArrayList<>(List.of("home", "search", "cart", "checkout"));
        final String name = "Ada Lovelace";
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() != null ? request.getPathInfo() : request.getServletPath();
        response.setContentType("text/plain");
        if (path.endsWith("/init")) {
            HttpSession session = request.getSession(true);
            session.setAttribute("profile", new Profile());
            session.setAttribute("user", "user-" + Integer.toHexString(session.getId().hashCode()));
            session.setAttribute("count", 0);
            if (request.getParameter("maxInactive") != null) {
                session.setMaxInactiveInterval(Integer.parseInt(request.getParameter("maxInactive")));
            }
            if (request.getParameter("big") != null) {
                byte[] blob = new byte[BIG_BYTES];
                new java.util.Random(42).nextBytes(blob);
                session.setAttribute("blob", blob);
            }
            response.getWriter().write("ok\n");
            return;
        }
        HttpSession session = request.getSession(false);
        if (session == null || session.getAttribute("count") == null) {
            response.sendError(HttpServletResponse.SC_GONE, "no session");
            return;
        }
        int count = (Integer) session.getAttribute("count");
        if (path.endsWith("/count")) {
            session.setAttribute("count", ++count);
        }
        response.getWriter().write("count=" + count + "\n");
    }
}
