package io.sessiondb.tomcat.testapp;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A slow write: sets attributes {@code a0}..{@code a4} of the session to {@code gen}, sleeping
 * {@code stepMs} before each, so that a test can kill the node while the request is in flight.
 * {@code op=state} answers the five values, comma-separated ({@code null} for a missing one).
 */
public final class SlowWriteServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** Attributes one slow write changes. */
    public static final int ATTRIBUTES = 5;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        if ("state".equals(req.getParameter("op"))) {
            HttpSession s = req.getSession(false);
            List<String> values = new ArrayList<>();
            for (int i = 0; i < ATTRIBUTES; i++) {
                values.add(s == null ? "none" : String.valueOf(s.getAttribute("a" + i)));
            }
            resp.getWriter().write(String.join(",", values));
            return;
        }
        String gen = req.getParameter("gen");
        long stepMs = Long.parseLong(req.getParameter("stepMs"));
        HttpSession s = req.getSession();
        for (int i = 0; i < ATTRIBUTES; i++) {
            try {
                Thread.sleep(stepMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            s.setAttribute("a" + i, gen);
        }
        resp.getWriter().write("ok " + gen);
    }
}
