package io.sessiondb.tomcat;

import io.sessiondb.core.LogText;
import io.sessiondb.core.SessionStoreException;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

/** How the adapter logs a failed database operation: an outage once (store-core does), anything else with its cause. */
final class StoreLog {

    private static final Log log = LogFactory.getLog(SessiondbStore.class);

    private StoreLog() {
    }

    /** Logs a failure; an outage is logged once by store-core, so here it is only DEBUG. */
    static void logFailure(String operation, String id, SessionStoreException e) {
        if (e.isDatabaseUnreachable() || interrupted(e)) {
            if (log.isDebugEnabled()) {
                log.debug("sessiondb - " + operation + " failed, database unreachable or Tomcat stopping: "
                        + LogText.line(e.getMessage()));
            }
        } else {
            String session = id == null ? "" : " for session " + LogText.id(id);
            log.error("sessiondb - " + operation + " failed" + session, e);
        }
    }

    /** @return whether the failure is a wait for a connection cut short by a stop of Tomcat */
    private static boolean interrupted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }
}
