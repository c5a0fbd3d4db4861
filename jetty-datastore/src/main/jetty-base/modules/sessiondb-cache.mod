# sessiondb-cache: the non-sticky session cache of sessiondb (see docs/jetty.md)

[description]
Session cache for non-sticky sessiondb setups: every request loads its own copy of the session
from the database and the copy leaves memory with the request, so any node can serve any request.
Sessions expired by the scavenger get their sessionDestroyed call (session-cache-null loses it).

[tags]
session

[provides]
session-cache

[depend]
sessions

[lib]
lib/sessiondb/*.jar

[xml]
etc/sessiondb-cache.xml

[ini-template]
## sessiondb-cache never keeps a session past its request and writes it before the response is
## committed. Jetty's other session-cache settings:
#jetty.session.saveOnCreate=false
#jetty.session.removeUnloadableSessions=false
#jetty.session.invalidateOnShutdown=false
