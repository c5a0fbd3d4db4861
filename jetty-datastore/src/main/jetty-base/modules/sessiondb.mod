# sessiondb: HttpSessions in a database table, shared by every node (see docs/jetty.md)

[description]
Stores HTTP sessions in a database table with sessiondb: every node reads and writes the same
table. With the sessiondb-cache module any node can serve any request (non-sticky); with the
default session cache sessions stay in memory and the database is the failover copy (sticky).
Only changed attributes are written; expiry listeners fire once in the cluster; while the database
is down, requests for existing sessions get 503 and keep their session.

[tags]
session

[provides]
session-store

[depend]
sessions

[lib]
lib/sessiondb/*.jar

[xml]
etc/sessiondb.xml

[ini-template]
## sessiondb session store. Only sessiondb.jdbcUrl is required.

## JDBC URL of the session database
#sessiondb.jdbcUrl=jdbc:postgresql://localhost:5432/sessions
## Database user and password (optional when the URL carries them)
#sessiondb.username=
#sessiondb.password=
## Name of the webapp in the table (default: the context path without '/', ROOT for '/';
## <first virtual host>/<that name> when the context has virtual hosts)
#sessiondb.appName=
## Session table, optionally schema.table; its attribute table is <name>_attributes
#sessiondb.tableName=sessiondb_sessions
## Create the tables at start when missing
#sessiondb.createSchema=true
## Largest number of pooled connections per webapp
#sessiondb.maxPoolSize=10
## Longest wait for a connection (ms): while the database is down a request fails after this long
#sessiondb.connectionTimeoutMs=3000
## How long an operation that finds the database gone (a failover) retries on fresh connections before the 503 (ms; 0: off)
#sessiondb.failoverTimeoutMs=10000
## Seconds between writes of the access time of an unchanged session (-1: a tenth of max inactive, at most 60)
#sessiondb.touchInterval=-1
## Seconds the expiry sweep waits past a stored expiry (sticky setups: above the scavenge cycle plus touchInterval)
#sessiondb.sweepGraceSeconds=0
## Session attribute whose value fills the principal column
#sessiondb.principalAttribute=
## ObjectInputFilter pattern for attribute reads (default: sessiondb's built-in reject list)
#sessiondb.serialFilter=
## Largest serialized size of one session, in bytes (8 MiB)
#sessiondb.maxSessionBytes=8388608
## Secrets (16+ characters each, same on every node) keying session-id digests and seals; recommended.
## Comma-separated to rotate: the first for new writes, all for reads. Without one (here, in
## sessiondb.idSecretFile or in the environment variable SESSIONDB_ID_SECRET), a dump of the
## database is enough to recover every live session id.
#sessiondb.idSecret=
## Name of this node, stored as last writer (default: the host name)
#sessiondb.nodeName=
## File holding the idSecrets, one per line, the current one first (instead of sessiondb.idSecret)
#sessiondb.idSecretFile=
## Keys that encrypt attribute values at rest (AES-256-GCM), 32 random bytes in base64 each
## (openssl rand -base64 32), the same on every node. Comma-separated to rotate: the first encrypts
## new writes, all decrypt. Or in sessiondb.encryptionKeyFile, or the environment variable
## SESSIONDB_ENCRYPTION_KEY. Without one, values are stored unencrypted.
#sessiondb.encryptionKeys=
## File holding the encryption keys, one per line, the current one first (instead of sessiondb.encryptionKeys)
#sessiondb.encryptionKeyFile=
## How attribute values are stored: java (Java serialization), json (no Java serialization at all:
## strings, numbers, booleans, lists and maps) or mixed (JSON where it fits, Java for the rest)
#sessiondb.codec=java
## Record each session's client address (Request.getRemoteAddr: ForwardedRequestCustomizer decides which
## proxies are trusted), user agent, client type and creating node (see docs/operations.md)
#sessiondb.clientInfo=true
## Days a row of an ended session is kept in <tableName>_history (0: no history written; the principal is personal data)
#sessiondb.historyDays=30
## With the session cache keeping sessions (sticky): longest time in ms between two checks for sessions an
## operator revoked; 0 checks at every request (one indexed query), so a revoked session is dead at its next request
#sessiondb.revocationCheckMs=0
## false: on PostgreSQL, session saves commit without waiting for the WAL flush (synchronous_commit=off);
## a database crash can lose the saves acknowledged in the last 3 x wal_writer_delay (docs/operations.md)
#sessiondb.synchronousCommit=true
## Comma-separated attribute names whose values are indexed, to list and revoke sessions by them (a tenant id)
#sessiondb.indexedAttributes=
## Session lock, with sessiondb-cache (non-sticky) only: none, all or uriPattern. A covered request takes
## a lease on its session before the load and gives it up after the save; the session's other covered
## requests, on any node, wait for it (see docs/operations.md, "Session lock")
#sessiondb.lockingMode=none
## With lockingMode=uriPattern: regex of the request paths (with the context path) that take the lease
#sessiondb.lockingUriPattern=
## Longest wait for a session's lease (ms), then 503 with Retry-After
#sessiondb.lockTimeoutMs=10000
## Largest number of expired sessions a node claims per scavenge
#sessiondb.expiryBatch=100
## Regex of request paths (with the context path) that never load or save a session: static resources.
## Default: (?i).*\.(?:css|js|mjs|map|png|jpe?g|gif|webp|avif|svg|ico|bmp|woff2?|ttf|otf|eot)
## Empty (sessiondb.filter=) loads the session on every request.
#sessiondb.filter=
## Orphans of other webapps are deleted after 10 grace periods (seconds)
#jetty.session.gracePeriod.seconds=3600
