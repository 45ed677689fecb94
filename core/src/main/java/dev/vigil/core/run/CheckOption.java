package dev.vigil.core.run;

/**
 * An option an evidence type understands, declared so that every front end can offer it
 * (the CLI as a command-line option, the web app as a form field) without knowing the type.
 *
 * @param name        long option name without dashes, e.g. "fast"; also the key in {@link CheckOptions}
 * @param description one line for users
 * @param kind        FLAG (on/off), PATH (a file), VALUE (text)
 */
public record CheckOption(String name, String description, Kind kind) {
    public enum Kind { FLAG, PATH, VALUE }
}
