package io.sessiondb.tomcat.testapp;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** The test webapp: one operation per request, chosen by the {@code op} parameter; answers plain text. */
public final class TestServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String op = req.getParameter("op") == null ? "count" : req.getParameter("op");
        resp.setContentType("text/plain;charset=UTF-8");
        if (writesItself(op, req, resp)) {
            return;
        }
        resp.getWriter().write(handle(op, req));
    }

    /**
     * The operations that complete or flush the response before they return, the way frameworks do
     * (a Content-Length, a flush), then keep working a little ({@code sleepMs}) as a framework would.
     *
     * @return whether {@code op} was one of them
     */
    private static boolean writesItself(String op, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        long sleepMs = req.getParameter("sleepMs") == null ? 0 : Long.parseLong(req.getParameter("sleepMs"));
        switch (op) {
            case "setWithLength": { // sets an attribute, declares the Content-Length and writes exactly that
                req.getSession().setAttribute(req.getParameter("name"), req.getParameter("value"));
                byte[] body = ("ok " + req.getParameter("value")).getBytes(StandardCharsets.UTF_8);
                resp.setContentLength(body.length);
                resp.getOutputStream().write(body);
                break;
            }
            case "setWithLengthWriter": { // the same through the writer, with a multi-byte character
                req.getSession().setAttribute(req.getParameter("name"), req.getParameter("value"));
                String body = "\u00e9 " + req.getParameter("value");
                resp.setContentLength(body.getBytes(StandardCharsets.UTF_8).length);
                resp.getWriter().write(body);
                break;
            }
            case "setAndFlush": { // sets an attribute, writes a line and flushes: the client reads it at once
                req.getSession().setAttribute(req.getParameter("name"), req.getParameter("value"));
                resp.getWriter().write("ok\n");
                resp.flushBuffer();
                break;
            }
            case "flushThenSet": { // a change before the flush and one after it
                HttpSession s = req.getSession();
                s.setAttribute("before", "1");
                resp.getWriter().write("ok\n");
                resp.getWriter().flush();
                s.setAttribute("after", "2");
                break;
            }
            case "static": // what a static resource does: no session
                resp.getWriter().write("static");
                break;
            default:
                return false;
        }
        if (sleepMs > 0) {
            try {
                Thread.sleep(sleepMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return true;
    }

    private static String handle(String op, HttpServletRequest req) {
        switch (op) {
            case "count": {
                HttpSession s = req.getSession();
                Integer count = (Integer) s.getAttribute("count");
                count = count == null ? 1 : count + 1;
                s.setAttribute("count", count);
                return count.toString();
            }
            case "cartAdd": {
                HttpSession s = req.getSession();
                Cart cart = (Cart) s.getAttribute("cart");
                if (cart == null) {
                    cart = new Cart();
                    s.setAttribute("cart", cart);
                }
                cart.add(req.getParameter("item"));
                return cart.toString();
            }
            case "set":
                req.getSession().setAttribute(req.getParameter("name"), req.getParameter("value"));
                return "ok";
            case "get": {
                HttpSession s = req.getSession(false);
                return s == null ? "none" : String.valueOf(s.getAttribute(req.getParameter("name")));
            }
            case "names": {
                HttpSession s = req.getSession(false);
                if (s == null) {
                    return "none";
                }
                List<String> names = Collections.list(s.getAttributeNames());
                Collections.sort(names);
                return String.join(",", names);
            }
            case "exists": {
                HttpSession s = req.getSession(false);
                return s == null ? "none" : s.getId();
            }
            case "invalidate": {
                HttpSession s = req.getSession(false);
                if (s == null) {
                    return "none";
                }
                s.invalidate();
                return "ok";
            }
            case "whoami":
                return String.valueOf(req.getRemoteUser());
            case "changeId":
                req.getSession();
                return req.changeSessionId();
            case "hold": { // a slow request: holds its session for sleepMs, then changes it
                HttpSession s = req.getSession();
                try {
                    Thread.sleep(Long.parseLong(req.getParameter("sleepMs")));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                s.setAttribute("held", "yes");
                return "held";
            }
            case "short": {
                HttpSession s = req.getSession();
                s.setMaxInactiveInterval(Integer.parseInt(req.getParameter("seconds")));
                s.setAttribute("short", "yes");
                return s.getId();
            }
            case "nonserName": { // legacy code: a request parameter as the name of a value that is not serializable
                req.getSession().setAttribute(req.getParameter("name"), new Object());
                return "ok";
            }
            case "nonser": {
                HttpSession s = req.getSession();
                s.setAttribute("good", "kept");
                s.setAttribute("bad", new Object());
                return "ok";
            }
            case "big": {
                byte[] big = new byte[512 * 1024];
                ThreadLocalRandom.current().nextBytes(big);
                req.getSession().setAttribute("big", big);
                return sha256(big);
            }
            case "bigHash": {
                HttpSession s = req.getSession(false);
                byte[] big = s == null ? null : (byte[]) s.getAttribute("big");
                return big == null ? "none" : sha256(big);
            }
            default:
                return "unknown op " + op;
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
