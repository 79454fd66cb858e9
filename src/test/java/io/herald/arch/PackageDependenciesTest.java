package io.herald.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Herald's package boundaries, checked on every build (JobRunr's {@code PackageDependenciesTest}).
 *
 * <p>The data path runs one way: {@code ingest} → {@code journal} → {@code delivery} → the sender (its address
 * guard in {@code net}, its payloads in {@code format}). The domain packages ({@code config}, {@code core},
 * {@code format}, {@code net}, {@code journal}, {@code ingest}, {@code delivery}, {@code subscription},
 * {@code metrics}) know nothing of HTTP routes.
 *
 * <p><b>Where routes live:</b> a class that installs HTTP routes is named {@code *Routes} and lives at the edge:
 * in {@code api} (the management and event API), or in a feature package that exists only to be served over HTTP
 * ({@code stream}: SSE; {@code portal}: static files). Edges depend on the domain, never the reverse; what every
 * edge needs to know who is calling sits in {@code auth} and {@code tenant}; {@code app} wires it all and nothing
 * depends on it.
 *
 * <p>{@code cluster} (storage.kind: kafka) is domain too, and the only package that uses the Kafka client.
 */
@AnalyzeClasses(packages = "io.herald", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageDependenciesTest {
    private static final String[] DOMAIN = {"io.herald.config..", "io.herald.core..", "io.herald.format..",
            "io.herald.net..", "io.herald.journal..", "io.herald.ingest..", "io.herald.delivery..",
            "io.herald.subscription..", "io.herald.metrics..", "io.herald.cluster.."};

    @ArchTest
    static final ArchRule no_package_cycles = slices().matching("io.herald.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule the_domain_never_depends_on_routes_or_http = noClasses().that().resideInAnyPackage(DOMAIN)
            .should().dependOnClassesThat().resideInAnyPackage("io.herald.api..", "io.herald.auth..",
                    "io.herald.stream..", "io.herald.portal..", "io.herald.tenant..", "io.herald.app..", "io.javalin..");

    @ArchTest
    static final ArchRule routes_live_at_the_edge = classes().that().haveSimpleNameEndingWith("Routes")
            .should().resideInAnyPackage("io.herald.api", "io.herald.stream", "io.herald.portal");

    @ArchTest
    static final ArchRule nothing_depends_on_the_wiring = noClasses().that().resideOutsideOfPackage("io.herald.app..")
            .should().dependOnClassesThat().resideInAPackage("io.herald.app..");

    @ArchTest
    static final ArchRule the_journal_knows_no_reader_or_writer = noClasses().that().resideInAPackage("io.herald.journal..")
            .should().dependOnClassesThat().resideInAnyPackage("io.herald.ingest..", "io.herald.delivery..",
                    "io.herald.stream..", "io.herald.api..", "io.herald.subscription..");

    @ArchTest
    static final ArchRule ingest_does_not_know_delivery = noClasses().that().resideInAPackage("io.herald.ingest..")
            .should().dependOnClassesThat().resideInAnyPackage("io.herald.delivery..", "io.herald.subscription..",
                    "io.herald.stream..", "io.herald.format..", "io.herald.net..");

    @ArchTest
    static final ArchRule delivery_reads_the_journal_not_ingest = noClasses().that().resideInAPackage("io.herald.delivery..")
            .should().dependOnClassesThat().resideInAnyPackage("io.herald.ingest..", "io.herald.stream..");

    /**
     * Ingest, dispatch, streams and the API see only {@code Journal} and {@code DeliveryStore}: another backend
     * (Kafka, issue 19) is a new implementation wired in {@code app}, with nothing else to change.
     */
    @ArchTest
    static final ArchRule only_the_wiring_and_the_backends_know_chronicle = noClasses()
            .that().resideOutsideOfPackages("io.herald.app..", "io.herald.journal..")
            .and().doNotHaveSimpleName("ChronicleDeliveryStore")
            .should().dependOnClassesThat().resideInAPackage("net.openhft..")
            .orShould().dependOnClassesThat().haveSimpleNameStartingWith("Chronicle");

    /** Cluster mode is one package: the rest of Herald sees its interfaces (Journal, ...), never a Kafka client. */
    @ArchTest
    static final ArchRule only_the_cluster_package_talks_to_kafka = noClasses()
            .that().resideOutsideOfPackage("io.herald.cluster..")
            .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..");

    /** The local data path does not know the cluster: cluster builds on journal, delivery and config, not the reverse. */
    @ArchTest
    static final ArchRule the_local_data_path_knows_no_cluster = noClasses().that().resideInAnyPackage(
                    "io.herald.journal..", "io.herald.ingest..", "io.herald.delivery..", "io.herald.config..",
                    "io.herald.core..")
            .should().dependOnClassesThat().resideInAPackage("io.herald.cluster..");

    @ArchTest
    static final ArchRule the_sender_parts_know_no_delivery = noClasses()
            .that().resideInAnyPackage("io.herald.format..", "io.herald.net..")
            .should().dependOnClassesThat().resideInAnyPackage("io.herald.delivery..", "io.herald.subscription..",
                    "io.herald.config..");
}
