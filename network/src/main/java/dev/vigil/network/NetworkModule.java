package dev.vigil.network;

import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.ioc.Match;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.ArtifactNotFoundException;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Common part of the network modules: they share one {@link Analysis} of the inputs and each
 * takes its kind of records from it. Records are merged events (see {@link Aggregator}); each
 * has timestamp (first seen), last_seen, count, client, server, port.
 */
abstract class NetworkModule implements ArtifactModule {
    @Override
    public Set<String> evidenceTypes() {
        return Set.of(NetworkEvidenceType.NAME);
    }

    @Override
    public List<String> paths() {
        return List.of("**");
    }

    /** The records of this module's kind. */
    abstract List<Record> pick(Analysis a);

    /** What the records are, for "no ... in the inputs". */
    abstract String what();

    @Override
    public void run(ModuleContext ctx) throws Exception {
        Analysis a = Analysis.of(ctx.source(), ctx.option(NetworkEvidenceType.COLUMNS));
        for (Analysis.InputResult in : a.inputs()) {
            if (in.problem() != null) ctx.warn(in.path() + " (" + in.format() + ") was not read in full: " + in.problem());
        }
        for (String n : a.notes()) ctx.warn(n);
        List<Record> records = pick(a);
        if (records.isEmpty()) {
            throw new ArtifactNotFoundException("no " + what() + " in the inputs (" + a.inputs().size() + " files read)");
        }
        Set<String> inputs = new TreeSet<>();
        for (Record r : records) {
            ctx.emit(r);
            if (r.get("inputs") instanceof List<?> l) for (Object o : l) if (inputs.size() < 10_000) inputs.add(String.valueOf(o));
        }
        for (Analysis.InputResult in : a.inputs()) {
            if (inputs.contains(in.path())) ctx.used(new EvidenceFile(in.path(), in.size(), null));
        }
    }

    // ------------------------------------------------------------------ wording of alerts

    /** "client 10.0.0.5, server 8.8.8.8 port 53/udp, first seen ..., 3 times until ..." */
    static String flow(Record r) {
        StringBuilder sb = new StringBuilder();
        sb.append("client ").append(or(r.str("client"), "?"));
        sb.append(", server ").append(or(r.str("server"), "?"));
        if (r.has("port")) sb.append(" port ").append(r.str("port"));
        if (r.has("transport")) sb.append(r.has("port") ? "/" : " ").append(r.str("transport"));
        sb.append(", first seen ").append(or(r.str("timestamp"), "at an unknown time"));
        long n = r.num("count", 1);
        if (n > 1) sb.append(", ").append(n).append(" times until ").append(or(r.str("last_seen"), "?"));
        return sb.toString();
    }

    static String or(String s, String dflt) {
        return s == null ? dflt : s;
    }

    static void ipChecks(Record r, Checker c, String what) {
        Optional<Match> m = c.indicators().ip(r.str("server"));
        if (m.isPresent()) c.ioc(r, m.get(), what + " to server " + r.str("server") + " (" + flow(r) + ")");
        Optional<Match> m2 = c.indicators().ip(r.str("client"));
        if (m2.isPresent()) c.ioc(r, m2.get(), what + " from address " + r.str("client") + " (" + flow(r) + ")");
    }

    /** Dynamic-DNS and rare-TLD heuristics on a host name seen in the record. */
    static void nameHeuristics(Record r, Checker c, String host, String what) {
        if (host == null) return;
        String zone = Heuristics.dynamicDnsZone(host);
        if (zone != null) {
            c.alert(Level.MEDIUM, r, what + " " + host + " is under the dynamic-DNS zone " + zone + " (" + flow(r) + ")",
                    "Anyone can register a free name under " + zone + " and point it at any address at any time; spyware and "
                            + "commodity malware use such names for their servers. The zone is in Vigil's list of dynamic-DNS providers.",
                    "Dynamic DNS is also used by home servers, cameras and NAS boxes; check whether this device owner uses one.");
        }
        String tld = Heuristics.rareTld(host);
        if (tld != null) {
            c.alert(Level.LOW, r, what + " " + host + " uses the rarely used top-level domain ." + tld + " (" + flow(r) + ")",
                    "." + tld + " is rare in a phone's everyday traffic and ranks high in published abuse statistics "
                            + "(Spamhaus, Interisle); attackers favour cheap, little-checked registrations.",
                    "Many legitimate sites use this top-level domain too: this is a weak signal worth a look, not a finding.");
        }
    }
}
