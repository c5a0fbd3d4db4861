package io.sessiondb.tomcat.testapp;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
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
        resp.getWriter().write(handle(op, req));
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
            case "short": {
                HttpSession s = req.getSession();
                s.setMaxInactiveInterval(Integer.parseInt(req.getParameter("seconds")));
                s.setAttribute("short", "yes");
                return s.getId();
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
