package dev.vigil.core.ioc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small parser for the STIX 2.1 patterning language, enough to read every indicator set
 * Vigil knows and to say precisely why a pattern cannot be used otherwise.
 *
 * <p>Grammar (subset of STIX 2.1 section 9, with its operator precedence):
 * <pre>
 * pattern      := obsOr EOF
 * obsOr        := obsAnd ( "OR" obsAnd )*
 * obsAnd       := obsFollowed ( "AND" obsFollowed )*
 * obsFollowed  := obsUnit ( "FOLLOWEDBY" obsUnit )*
 * obsUnit      := ( "[" cmpOr "]" | "(" obsOr ")" ) qualifier*
 * qualifier    := "WITHIN" number "SECONDS" | "REPEATS" number "TIMES" | "START" t'..' "STOP" t'..'
 * cmpOr        := cmpAnd ( "OR" cmpAnd )*
 * cmpAnd       := cmpUnit ( "AND" cmpUnit )*
 * cmpUnit      := "(" cmpOr ")" | objectPath ["NOT"] operator value
 * objectPath   := type ":" step ( "." step | "[" (number|"*") "]" )*
 * value        := 'string' (escapes \' and \\) | number | true | false | h'..' | b'..' | t'..' | "(" value ("," value)* ")"
 * </pre>
 * Observation expressions joined by AND/FOLLOWEDBY, qualifiers, and AND inside a bracket
 * need several observations together and so cannot be matched by looking single values up;
 * {@link #indicators} reports them as unusable with the reason.
 */
public final class StixPattern {
    private StixPattern() {}

    /** A pattern that is not valid STIX; the message says where and why. */
    public static final class ParseException extends Exception {
        public ParseException(String message) {
            super(message);
        }
    }

    /** Parsed pattern expression. */
    public sealed interface Expr permits Comparison, And, Or, FollowedBy, Qualified {}

    /** {@code path op value}; {@code values} holds one value, or several for IN. */
    public record Comparison(String objectType, List<String> path, boolean negated, String op, List<Value> values) implements Expr {
        /** The object path as written in alerts, e.g. {@code file:hashes.'SHA-256'}. */
        public String pathText() {
            StringBuilder b = new StringBuilder(objectType).append(':');
            for (int i = 0; i < path.size(); i++) {
                String p = path.get(i);
                if (p.startsWith("[")) { b.append(p); continue; }
                if (i > 0) b.append('.');
                b.append(i == 0 || p.matches("[A-Za-z0-9_]+") ? p : "'" + p + "'");
            }
            return b.toString();
        }
    }

    /** Conjunction; {@code observations} is true between brackets, false inside one. */
    public record And(List<Expr> terms, boolean observations) implements Expr {}

    public record Or(List<Expr> terms, boolean observations) implements Expr {}

    public record FollowedBy(List<Expr> terms) implements Expr {}

    public record Qualified(Expr inner, String qualifier) implements Expr {}

    /** A literal: kind is "string", "number", "bool", "hex", "binary" or "timestamp". */
    public record Value(String kind, String text) {}

    /** A usable single-value indicator derived from a pattern. */
    public record Term(IndicatorType type, String value) {}

    /** What a pattern gives: the usable terms and, for each unusable part, why. */
    public record Result(List<Term> terms, List<String> problems) {}

    // ------------------------------------------------------------------ lexer

    private enum Kind { LBRACKET, RBRACKET, LPAREN, RPAREN, COLON, DOT, COMMA, OP, WORD, STRING, NUMBER, TYPED, STAR, EOF }

    private record Token(Kind kind, String text, char prefix, int pos) {}

    private static List<Token> lex(String s) throws ParseException {
        List<Token> out = new ArrayList<>();
        int i = 0, n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) { i++; continue; }
            int start = i;
            switch (c) {
                case '[' -> { out.add(new Token(Kind.LBRACKET, "[", '\0', i)); i++; }
                case ']' -> { out.add(new Token(Kind.RBRACKET, "]", '\0', i)); i++; }
                case '(' -> { out.add(new Token(Kind.LPAREN, "(", '\0', i)); i++; }
                case ')' -> { out.add(new Token(Kind.RPAREN, ")", '\0', i)); i++; }
                case ':' -> { out.add(new Token(Kind.COLON, ":", '\0', i)); i++; }
                case '.' -> { out.add(new Token(Kind.DOT, ".", '\0', i)); i++; }
                case ',' -> { out.add(new Token(Kind.COMMA, ",", '\0', i)); i++; }
                case '*' -> { out.add(new Token(Kind.STAR, "*", '\0', i)); i++; }
                case '\'' -> {
                    int[] end = new int[1];
                    out.add(new Token(Kind.STRING, readString(s, i, end), '\0', start));
                    i = end[0];
                }
                case '=' -> { out.add(new Token(Kind.OP, "=", '\0', i)); i++; }
                case '!', '<', '>' -> {
                    if (i + 1 < n && s.charAt(i + 1) == '=') { out.add(new Token(Kind.OP, s.substring(i, i + 2), '\0', i)); i += 2; }
                    else if (c == '!') throw new ParseException("unexpected '!' at " + i);
                    else { out.add(new Token(Kind.OP, String.valueOf(c), '\0', i)); i++; }
                }
                default -> {
                    if ((c == 'h' || c == 'b' || c == 't') && i + 1 < n && s.charAt(i + 1) == '\'') {
                        int[] end = new int[1];
                        out.add(new Token(Kind.TYPED, readString(s, i + 1, end), c, start));
                        i = end[0];
                    } else if (c == '-' || c == '+' || (c >= '0' && c <= '9')) {
                        i++;
                        while (i < n && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1)))) i++;
                        String num = s.substring(start, i);
                        if (num.equals("-") || num.equals("+")) throw new ParseException("unexpected '" + c + "' at " + start);
                        out.add(new Token(Kind.NUMBER, num, '\0', start));
                    } else if (Character.isLetter(c) || c == '_') {
                        while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '-')) i++;
                        out.add(new Token(Kind.WORD, s.substring(start, i), '\0', start));
                    } else {
                        throw new ParseException("unexpected character '" + c + "' at " + i);
                    }
                }
            }
        }
        out.add(new Token(Kind.EOF, "", '\0', n));
        return out;
    }

    /** Reads a quoted string starting at the quote; only \' and \\ are escapes (STIX 2.1). */
    private static String readString(String s, int quote, int[] end) throws ParseException {
        StringBuilder b = new StringBuilder();
        int i = quote + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') {
                if (i + 1 >= s.length()) break;
                char e = s.charAt(i + 1);
                if (e != '\'' && e != '\\') throw new ParseException("invalid escape '\\" + e + "' at " + i + " (only \\' and \\\\ are allowed)");
                b.append(e);
                i += 2;
            } else if (c == '\'') {
                end[0] = i + 1;
                return b.toString();
            } else {
                b.append(c);
                i++;
            }
        }
        throw new ParseException("unterminated string starting at " + quote);
    }

    // ------------------------------------------------------------------ parser

    /** Parses a pattern; throws with a short reason when it is not valid STIX. */
    public static Expr parse(String pattern) throws ParseException {
        if (pattern == null || pattern.isBlank()) throw new ParseException("empty pattern");
        Parser p = new Parser(lex(pattern));
        Expr e = p.obsOr();
        if (p.peek().kind != Kind.EOF) throw new ParseException("unexpected '" + p.peek().text + "' at " + p.peek().pos);
        return e;
    }

    private static final class Parser {
        private final List<Token> toks;
        private int at;
        private int depth;

        Parser(List<Token> toks) {
            this.toks = toks;
        }

        Token peek() {
            return toks.get(at);
        }

        Token next() {
            return toks.get(at++);
        }

        boolean word(String w) {
            Token t = peek();
            return t.kind == Kind.WORD && t.text.equalsIgnoreCase(w);
        }

        Token expect(Kind k, String what) throws ParseException {
            Token t = next();
            if (t.kind != k) throw new ParseException("expected " + what + " at " + t.pos + (t.kind == Kind.EOF ? " (end of pattern)" : ", found '" + t.text + "'"));
            return t;
        }

        void enter() throws ParseException {
            if (++depth > 64) throw new ParseException("pattern nested too deeply");
        }

        Expr obsOr() throws ParseException {
            List<Expr> terms = new ArrayList<>(List.of(obsAnd()));
            while (word("OR")) { next(); terms.add(obsAnd()); }
            return terms.size() == 1 ? terms.get(0) : new Or(terms, true);
        }

        Expr obsAnd() throws ParseException {
            List<Expr> terms = new ArrayList<>(List.of(obsFollowed()));
            while (word("AND")) { next(); terms.add(obsFollowed()); }
            return terms.size() == 1 ? terms.get(0) : new And(terms, true);
        }

        Expr obsFollowed() throws ParseException {
            List<Expr> terms = new ArrayList<>(List.of(obsUnit()));
            while (word("FOLLOWEDBY")) { next(); terms.add(obsUnit()); }
            return terms.size() == 1 ? terms.get(0) : new FollowedBy(terms);
        }

        Expr obsUnit() throws ParseException {
            enter();
            Expr e;
            Token t = next();
            if (t.kind == Kind.LBRACKET) {
                e = cmpOr();
                expect(Kind.RBRACKET, "']'");
            } else if (t.kind == Kind.LPAREN) {
                e = obsOr();
                expect(Kind.RPAREN, "')'");
            } else {
                throw new ParseException("expected '[' or '(' at " + t.pos + (t.kind == Kind.EOF ? " (end of pattern)" : ", found '" + t.text + "'"));
            }
            while (true) {
                if (word("WITHIN")) {
                    next();
                    String n = expect(Kind.NUMBER, "a number of seconds").text;
                    if (!word("SECONDS")) throw new ParseException("expected SECONDS at " + peek().pos);
                    next();
                    e = new Qualified(e, "WITHIN " + n + " SECONDS");
                } else if (word("REPEATS")) {
                    next();
                    String n = expect(Kind.NUMBER, "a repeat count").text;
                    if (!word("TIMES")) throw new ParseException("expected TIMES at " + peek().pos);
                    next();
                    e = new Qualified(e, "REPEATS " + n + " TIMES");
                } else if (word("START")) {
                    next();
                    Token a = expect(Kind.TYPED, "t'timestamp'");
                    if (!word("STOP")) throw new ParseException("expected STOP at " + peek().pos);
                    next();
                    Token b = expect(Kind.TYPED, "t'timestamp'");
                    e = new Qualified(e, "START t'" + a.text + "' STOP t'" + b.text + "'");
                } else {
                    break;
                }
            }
            depth--;
            return e;
        }

        Expr cmpOr() throws ParseException {
            List<Expr> terms = new ArrayList<>(List.of(cmpAnd()));
            while (word("OR")) { next(); terms.add(cmpAnd()); }
            return terms.size() == 1 ? terms.get(0) : new Or(terms, false);
        }

        Expr cmpAnd() throws ParseException {
            List<Expr> terms = new ArrayList<>(List.of(cmpUnit()));
            while (word("AND")) { next(); terms.add(cmpUnit()); }
            return terms.size() == 1 ? terms.get(0) : new And(terms, false);
        }

        Expr cmpUnit() throws ParseException {
            enter();
            try {
                if (peek().kind == Kind.LPAREN) {
                    next();
                    Expr e = cmpOr();
                    expect(Kind.RPAREN, "')'");
                    return e;
                }
                return comparison();
            } finally {
                depth--;
            }
        }

        Comparison comparison() throws ParseException {
            Token type = expect(Kind.WORD, "an object type");
            expect(Kind.COLON, "':' after object type '" + type.text + "'");
            List<String> path = new ArrayList<>();
            path.add(step());
            while (true) {
                if (peek().kind == Kind.DOT) {
                    next();
                    path.add(step());
                } else if (peek().kind == Kind.LBRACKET) {
                    next();
                    Token idx = next();
                    if (idx.kind != Kind.NUMBER && idx.kind != Kind.STAR) throw new ParseException("expected list index at " + idx.pos);
                    expect(Kind.RBRACKET, "']'");
                    path.add("[" + idx.text + "]");
                } else {
                    break;
                }
            }
            boolean negated = false;
            if (word("NOT")) { next(); negated = true; }
            String op;
            Token t = next();
            if (t.kind == Kind.OP) op = t.text;
            else if (t.kind == Kind.WORD && List.of("IN", "LIKE", "MATCHES", "ISSUBSET", "ISSUPERSET").contains(t.text.toUpperCase(Locale.ROOT))) op = t.text.toUpperCase(Locale.ROOT);
            else throw new ParseException("expected a comparison operator at " + t.pos + (t.kind == Kind.EOF ? " (end of pattern)" : ", found '" + t.text + "'"));
            List<Value> values = new ArrayList<>();
            if (op.equals("IN")) {
                expect(Kind.LPAREN, "'(' after IN");
                values.add(value());
                while (peek().kind == Kind.COMMA) { next(); values.add(value()); }
                expect(Kind.RPAREN, "')'");
            } else {
                values.add(value());
            }
            return new Comparison(type.text, List.copyOf(path), negated, op, List.copyOf(values));
        }

        String step() throws ParseException {
            Token t = next();
            if (t.kind == Kind.WORD || t.kind == Kind.STRING) return t.text;
            throw new ParseException("expected a property name at " + t.pos + (t.kind == Kind.EOF ? " (end of pattern)" : ", found '" + t.text + "'"));
        }

        Value value() throws ParseException {
            Token t = next();
            return switch (t.kind) {
                case STRING -> new Value("string", t.text);
                case NUMBER -> new Value("number", t.text);
                case TYPED -> new Value(switch (t.prefix) { case 'h' -> "hex"; case 'b' -> "binary"; default -> "timestamp"; }, t.text);
                case WORD -> {
                    if (t.text.equalsIgnoreCase("true") || t.text.equalsIgnoreCase("false")) yield new Value("bool", t.text.toLowerCase(Locale.ROOT));
                    throw new ParseException("expected a value at " + t.pos + ", found '" + t.text + "'");
                }
                default -> throw new ParseException("expected a value at " + t.pos + (t.kind == Kind.EOF ? " (end of pattern)" : ", found '" + t.text + "'"));
            };
        }
    }

    // ------------------------------------------------------------------ meaning

    /**
     * The single-value indicators a pattern gives. A top-level OR (of comparisons or of
     * observations) gives one indicator per usable branch; every branch that needs more than
     * one value at once (AND, FOLLOWEDBY, qualifiers), or uses an operator other than
     * {@code =} / {@code IN}, or an object path Vigil does not know, is reported in
     * {@link Result#problems()}.
     */
    public static Result indicators(Expr e) {
        List<Term> terms = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        collect(e, terms, problems);
        return new Result(terms, problems);
    }

    private static void collect(Expr e, List<Term> terms, List<String> problems) {
        switch (e) {
            case Or or -> { for (Expr t : or.terms()) collect(t, terms, problems); }
            case And and -> problems.add((and.observations() ? "AND of observations" : "AND of comparisons")
                    + " cannot be matched by single-value lookups (" + describe(and) + ")");
            case FollowedBy f -> problems.add("FOLLOWEDBY needs a sequence of events; it cannot be matched by single-value lookups");
            case Qualified q -> problems.add("qualifier " + q.qualifier() + " needs event timing; it cannot be matched by single-value lookups");
            case Comparison c -> comparison(c, terms, problems);
        }
    }

    private static String describe(Expr e) {
        return switch (e) {
            case Comparison c -> c.pathText() + (c.negated() ? " NOT " : " ") + c.op() + " ...";
            case And a -> String.join(" AND ", a.terms().stream().map(StixPattern::describe).toList());
            case Or o -> "(" + String.join(" OR ", o.terms().stream().map(StixPattern::describe).toList()) + ")";
            case FollowedBy f -> "FOLLOWEDBY";
            case Qualified q -> describe(q.inner()) + " " + q.qualifier();
        };
    }

    private static void comparison(Comparison c, List<Term> terms, List<String> problems) {
        if (c.negated()) {
            problems.add("negated comparison on " + c.pathText() + " cannot be used as an indicator");
            return;
        }
        if (!c.op().equals("=") && !c.op().equals("IN")) {
            problems.add("operator " + c.op() + " on " + c.pathText() + " is not supported (only = and IN)");
            return;
        }
        IndicatorType type = typeOf(c.objectType(), c.path());
        if (type == null) {
            problems.add("object path " + c.pathText() + " is not an indicator kind Vigil matches");
            return;
        }
        for (Value v : c.values()) {
            if (!v.kind().equals("string")) {
                problems.add(c.pathText() + " compared with a " + v.kind() + " value, expected a string");
                continue;
            }
            String value = v.text().strip();
            if (value.isEmpty()) {
                problems.add(c.pathText() + " compared with an empty string");
                continue;
            }
            IndicatorType t = type;
            if (t == IndicatorType.DOMAIN || t == IndicatorType.IPV4 || t == IndicatorType.IPV6) {
                // Some sets publish IP addresses as domain-name:value; they are IP indicators.
                IndicatorType ipType = Normalize.ipType(value);
                if (ipType != null) t = ipType;
                else if (t != IndicatorType.DOMAIN) {
                    problems.add(c.pathText() + " value '" + value + "' is not an IP address");
                    continue;
                }
            }
            terms.add(new Term(t, value));
        }
    }

    /** Maps a STIX object path to an indicator type, or null when Vigil does not match it. */
    static IndicatorType typeOf(String objectType, List<String> path) {
        String o = objectType.toLowerCase(Locale.ROOT);
        String p0 = path.get(0).toLowerCase(Locale.ROOT);
        String p1 = path.size() > 1 ? hashName(path.get(1)) : null;
        if (path.size() == 1) {
            return switch (o + ":" + p0) {
                case "domain-name:value" -> IndicatorType.DOMAIN;
                case "ipv4-addr:value" -> IndicatorType.IPV4;
                case "ipv6-addr:value" -> IndicatorType.IPV6;
                case "url:value" -> IndicatorType.URL;
                case "email-addr:value" -> IndicatorType.EMAIL;
                case "process:name" -> IndicatorType.PROCESS;
                case "file:name" -> IndicatorType.FILE_NAME;
                case "file:path" -> IndicatorType.FILE_PATH;
                case "app:id" -> IndicatorType.APP_ID;
                case "configuration-profile:id" -> IndicatorType.PROFILE_ID;
                case "android-property:name" -> IndicatorType.ANDROID_PROPERTY;
                default -> null;
            };
        }
        if (path.size() == 2 && p1 != null) {
            if (o.equals("file") && p0.equals("hashes")) {
                return switch (p1) { case "md5" -> IndicatorType.FILE_MD5; case "sha1" -> IndicatorType.FILE_SHA1; case "sha256" -> IndicatorType.FILE_SHA256; default -> null; };
            }
            if (o.equals("app") && p0.equals("cert")) {
                return switch (p1) { case "md5" -> IndicatorType.CERT_MD5; case "sha1" -> IndicatorType.CERT_SHA1; case "sha256" -> IndicatorType.CERT_SHA256; default -> null; };
            }
        }
        return null;
    }

    /** "SHA-256", 'sha256', "SHA256" -> "sha256"; same for SHA-1 and MD5. */
    private static String hashName(String s) {
        return s.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }
}
