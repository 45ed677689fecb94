/**
 * Indicators of compromise: loading, normalising and matching.
 *
 * <h2>Loading</h2>
 * {@link dev.vigil.core.ioc.IocLoader} reads STIX 2.1 bundles (streaming, with a real
 * pattern parser, {@link dev.vigil.core.ioc.StixPattern}), the Echap stalkerware YAML and
 * MVT-style {@code indicators.yaml} indexes; {@link dev.vigil.core.ioc.IocSets} assembles the
 * set of a run: the snapshot bundled in Vigil ({@link dev.vigil.core.ioc.BundledIocs}) plus
 * the set downloaded by {@code vigil iocs update} ({@link dev.vigil.core.ioc.IocStore}), or
 * only the files given with {@code --iocs}. Anything unusable is a warning naming the file and
 * the indicator id; a malformed file is a one-line error.
 *
 * <p>Decisions on the public sets:
 * <ul>
 *   <li>{@code domain-name:value} holding an IP address becomes an {@code ipv4-addr:value} /
 *       {@code ipv6-addr:value} indicator (novispy.stix2: 7 such values).</li>
 *   <li>{@code domain-name:value} holding "host/path" ({@code fgr1w2gnsdvsb.xyz/x}) matches
 *       URLs with that host and path at a path boundary exactly, and the bare host (or its
 *       subdomains) with a note saying only the host matched.</li>
 *   <li>Hash spellings {@code file:hashes.sha256} and {@code file:hashes.'SHA-256'} are the
 *       same key; a hash whose length names another algorithm is retyped with a warning.</li>
 *   <li>Echap YAML: packages and iOS bundles, certificates (SHA-1, lower-cased), C2 domains
 *       and IPs ({@code c2.ips} and {@code c2.ip}) and distribution sites are loaded; vendor
 *       {@code websites} are not (see {@link dev.vigil.core.ioc.EchapLoader}).</li>
 * </ul>
 *
 * <h2>Matching ({@link dev.vigil.core.ioc.Indicators})</h2>
 * <ul>
 *   <li>Hosts: case-insensitive, trailing dot, port, userinfo ({@code http://good.com@evil.com/}
 *       is evil.com), percent-escapes, IDN (punycode), IPv4 (also the numeric forms browsers
 *       accept) and IPv6 literals. A host matches a domain indicator equal to it or to one of
 *       its parent domains, found by a right-to-left label walk over a Bloom-filtered hash
 *       table (no allocation unless something matches). Nothing is ever stripped from the
 *       front of a host except an exact leading {@code www.} label: {@code notevil.com} does
 *       not match {@code evil.com}, {@code httpaccess.com} stays itself. Single-label
 *       indicators only match whole hosts.</li>
 *   <li>URLs: with or without scheme ({@code evil.com/x}, {@code http:evil.com},
 *       {@code http:\\evil.com}); {@code url:value} indicators match the normalised URL
 *       exactly. URLs inside free text are found by a linear scanner
 *       ({@link dev.vigil.core.ioc.UrlExtractor}).</li>
 *   <li>File paths match at path boundaries only; indicators ending in "/" are folders;
 *       {@code /var}, {@code /tmp}, {@code /etc} equal their iOS {@code /private} forms.
 *       File names and process names are exact (a 15/16-character prefix of a longer
 *       process indicator matches, flagged as a truncated name).</li>
 *   <li>Hashes, app ids, e-mail addresses, properties, profile ids: exact, case-insensitive.</li>
 *   <li>{@link dev.vigil.core.ioc.AllowList}: analyst-reviewed false positives, each with its
 *       reason.</li>
 * </ul>
 */
package dev.vigil.core.ioc;
