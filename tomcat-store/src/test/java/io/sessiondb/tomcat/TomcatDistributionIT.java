package io.sessiondb.tomcat;

import io.sessiondb.core.testing.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The drop-in promise, on the real Tomcat distributions (10.1 and 11, unpacked by the build): copy the
 * -all.jar into lib, write the non-sticky context.xml from docs/tomcat.md, start two catalina.sh
 * instances and drive them over HTTP ({@link DistributionChecks}).
 */
class TomcatDistributionIT {

    /** Every Tomcat version on PostgreSQL, and the newest on MariaDB too: the -all.jar bundles both drivers. */
    static Stream<Arguments> versions() {
        String[] versions = CatalinaBase.property("sessiondb.it.tomcatVersions").split(",");
        return Stream.concat(Stream.of(versions).map(v -> Arguments.of(v, "postgresql")),
                Stream.of(Arguments.of(versions[versions.length - 1], "mariadb")));
    }

    @ParameterizedTest(name = "Tomcat {0} on {1}")
    @MethodSource("versions")
    void twoCatalinaInstancesShareSessionsWithTheDocumentedConfig(String version, String database) throws Exception {
        boolean mariadb = database.equals("mariadb");
        (mariadb ? TestDatabase.mariadb() : TestDatabase.postgres()).close();
        Path home = CatalinaBase.home(version);
        Path jar = CatalinaBase.allJar(version);
        String table = TestDatabase.uniqueTable("tomcat_dist");
        String contextXml = CatalinaBase.documentedContextXml(table, mariadb ? TestDatabase.MARIADB_URL : TestDatabase.PG_URL);
        Path work = TempDirs.create("sessiondb-dist-" + version);
        List<Catalina> nodes = new ArrayList<>();
        try {
            for (String name : List.of("n1", "n2")) {
                nodes.add(Catalina.start(home, CatalinaBase.prepareBase(home, work.resolve(name), jar, contextXml)));
            }
            DistributionChecks.drive(nodes.get(0), nodes.get(1));
            for (Catalina node : nodes) {
                DistributionChecks.stopCleanly(node);
            }
            TempDirs.delete(work);
        } finally {
            for (Catalina node : nodes) {
                node.stop();
            }
            if (mariadb) {
                TestDatabase.dropMariadbTables(table);
            } else {
                TestDatabase.dropTables(table);
            }
        }
    }
}
