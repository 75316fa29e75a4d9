package org.netlever.server;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.netlever.aaa.store.Database;
import org.netlever.pcrf.PcrfEngine;
import org.netlever.pcrf.PcrfLeadership;

/**
 * The PCRF of a {@code netlever serve} configuration without the server: the same database (H2 file or PostgreSQL,
 * opened as serve opens it) and a {@link PcrfEngine} set up as the configuration's {@code pcrf} section says, with no
 * listeners, no cron timer and no CoA — for changing PCRF state offline, e.g. {@code netlever pcrf-import}. The engine
 * leads the database's PCRF ({@link PcrfLeadership}), so a running serve on the same PostgreSQL database makes
 * {@link #open} fail instead of two engines writing one state; on H2, serve holds the file and the open fails too.
 *
 * <p>Thread-safe as its engine is; close it to store what is queued and release the database.
 */
public final class PcrfMaintenance implements AutoCloseable {

    private final Deque<AutoCloseable> resources;
    private final PcrfEngine engine;

    private PcrfMaintenance(Deque<AutoCloseable> resources, PcrfEngine engine) {
        this.resources = resources;
        this.engine = engine;
    }

    /**
     * Opens the configuration's database and leads its PCRF. An H2 database this call created is removed again if
     * it fails.
     *
     * @param config the configuration, as {@link ServeConfigReader} read it
     * @param clock the engine's clock
     * @return the engine's holder
     * @throws ConfigException if PostgreSQL cannot be reached ({@code storage.url}) or another process leads the
     *     PCRF on the database ({@code pcrf.leadership}, e.g. a running serve)
     */
    public static PcrfMaintenance open(ServeConfig config, Clock clock) {
        H2Files h2Files = H2Files.before(config.storage());
        Deque<AutoCloseable> resources = new ArrayDeque<>();
        try {
            Database db = ServeStorage.open(config, resources::push);
            resources.push(db);
            PcrfLeadership leadership = PcrfLeadership.builder(db,
                    fence -> NetleverServer.pcrfEngine(config, db, clock, fence).build())
                    .lockKey(config.pcrf().leadership().lockKey()).start();
            resources.push(leadership);
            PcrfEngine engine = leadership.engine().orElseThrow(() -> new ConfigException(List.of(new ConfigProblem(
                    config.file().toString(), "pcrf.leadership", "another process leads the PCRF on this database "
                            + "(a running netlever serve?); stop it before changing PCRF state offline"))));
            return new PcrfMaintenance(resources, engine);
        } catch (RuntimeException e) {
            NetleverServer.closeAll(resources);
            h2Files.removeCreated();
            throw e;
        }
    }

    /**
     * The engine, with the stored state loaded.
     *
     * @return the engine
     */
    public PcrfEngine engine() {
        return engine;
    }

    /** Stops the engine (what is queued is stored), releases the PCRF lead and closes the database. */
    @Override
    public void close() {
        NetleverServer.closeAll(resources);
    }
}
