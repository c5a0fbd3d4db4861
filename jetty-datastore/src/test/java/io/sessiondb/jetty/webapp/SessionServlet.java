package io.sessiondb.jetty.webapp;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * The test webapp: one servlet whose path picks an operation on the session. Used by the embedded
 * tests and, copied into WEB-INF/classes, by the jetty-home test. Plain text answers.
 */
public final class SessionServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String op = req.getPathInfo() == null ? "/" : req.getPathInfo();
        resp.setContentType("text/plain;charset=utf-8");
        resp.getWriter().print(answer(op.substring(1), req));
    }

    private static String answer(String op, HttpServletRequest req) {
        switch (op) {
            case "inc": {
                HttpSession s = req.getSession(true);
                Integer n = (Integer) s.getAttribute("counter");
                int next = n == null ? 1 : n + 1;
                s.setAttribute("counter", next);
                return Integer.toString(next);
            }
            case "counter": {
                HttpSession s = req.getSession(false);
                return s == null ? "none" : String.valueOf(s.getAttribute("counter"));
            }
            case "peek": {
                HttpSession s = req.getSession(false);
                return s == null ? "none" : s.getId();
            }
            case "put":
                req.getSession(true).setAttribute(req.getParameter("name"), req.getParameter("value"));
                return "ok";
            case "get": {
                HttpSession s = req.getSession(false);
                return s == null ? "none" : String.valueOf(s.getAttribute(req.getParameter("name")));
            }
            case "keys": {
                HttpSession s = req.getSession(false);
                if (s == null) {
                    return "none";
                }
                List<String> names = Collections.list(s.getAttributeNames());
                Collections.sort(names);
                return String.join(",", names);
            }
            case "append": {
                HttpSession s = req.getSession(true);
                @SuppressWarnings("unchecked")
                List<String> list = (List<String>) s.getAttribute("list");
                if (list == null) {
                    list = new ArrayList<>();
                    list.add(req.getParameter("value"));
                    s.setAttribute("list", list);
                } else {
                    list.add(req.getParameter("value")); // in place: no setAttribute
                }
                return "ok";
            }
            case "list": {
                HttpSession s = req.getSession(false);
                return s == null ? "none" : String.valueOf(s.getAttribute("list"));
            }
            case "invalidate": {
                HttpSession s = req.getSession(false);
                if (s == null) {
                    return "none";
                }
                s.invalidate();
                return "invalidated";
            }
            case "changeId":
                return req.getSession(false) == null ? "none" : req.changeSessionId();
            case "short": {
                HttpSession s = req.getSession(true);
                s.setMaxInactiveInterval(Integer.parseInt(req.getParameter("seconds")));
                s.setAttribute("counter", 1);
                return s.getId();
            }
            case "nonserName": { // legacy code: a request parameter as the name of a value that is not serializable
                req.getSession(true).setAttribute(req.getParameter("name"), new Object());
                return "ok";
            }
            case "nonser": {
                HttpSession s = req.getSession(true);
                s.setAttribute("good", req.getParameter("value"));
                s.setAttribute("bad", new Object());
                return "ok";
            }
            case "big": {
                byte[] big = bigValue(Long.parseLong(req.getParameter("seed")), Integer.parseInt(req.getParameter("size")));
                req.getSession(true).setAttribute("big", big);
                return sha256(big);
            }
            case "bigcheck": {
                HttpSession s = req.getSession(false);
                Object big = s == null ? null : s.getAttribute("big");
                return big instanceof byte[] b ? sha256(b) : "missing";
            }
            case "hold": {
                // Uses the session for longer than its max inactive interval, then changes it.
                HttpSession s = req.getSession(false);
                if (s == null) {
                    return "none";
                }
                try {
                    Thread.sleep(Long.parseLong(req.getParameter("ms")));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return "interrupted";
                }
                if (req.getParameter("after") != null) { // a longer interval from now on, so the checks that follow race nothing
                    s.setMaxInactiveInterval(Integer.parseInt(req.getParameter("after")));
                }
                s.setAttribute("held", "yes");
                return "held";
            }
            case "destroyed":
                return Integer.toString(DestroyListener.destroyed(req.getParameter("id")));
            default:
                return "unknown op " + op;
        }
    }

    /** @return the deterministic bytes that {@code /big?seed=..&size=..} stores */
    public static byte[] bigValue(long seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** @return the hex SHA-256 of {@code bytes} */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
