package dev.vigil.core.module;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Every {@link ArtifactModule} and {@link RunAnalyzer} on the class path, found through
 * {@link ServiceLoader}. Stored results name their modules by class, and only classes
 * registered here are ever instantiated from a results folder.
 */
public final class ModuleRegistry {
    private static volatile ModuleRegistry instance;
    private final Map<String, Class<? extends ArtifactModule>> modules = new LinkedHashMap<>();
    private final Map<String, Class<? extends RunAnalyzer>> analyzers = new LinkedHashMap<>();

    private ModuleRegistry() {
        for (var p : ServiceLoader.load(ArtifactModule.class).stream().toList()) modules.put(p.type().getName(), p.type());
        for (var p : ServiceLoader.load(RunAnalyzer.class).stream().toList()) analyzers.put(p.type().getName(), p.type());
    }

    public static ModuleRegistry get() {
        ModuleRegistry r = instance;
        if (r == null) {
            synchronized (ModuleRegistry.class) {
                if (instance == null) instance = new ModuleRegistry();
                r = instance;
            }
        }
        return r;
    }

    /** A new instance of a registered module class, or empty when it is not registered. */
    public Optional<ArtifactModule> module(String className) {
        return Optional.ofNullable(modules.get(className)).map(ModuleRegistry::instantiate);
    }

    public Optional<RunAnalyzer> analyzer(String className) {
        return Optional.ofNullable(analyzers.get(className)).map(ModuleRegistry::instantiate);
    }

    public List<RunAnalyzer> analyzersFor(String evidenceType) {
        List<RunAnalyzer> out = new ArrayList<>();
        for (var c : analyzers.values()) {
            RunAnalyzer a = instantiate(c);
            if (a.appliesTo(evidenceType)) out.add(a);
        }
        return out;
    }

    /** New instances of every registered module that runs on the evidence type, sorted by slug. */
    public List<ArtifactModule> modulesFor(String evidenceType) {
        List<ArtifactModule> out = new ArrayList<>();
        for (var c : modules.values()) {
            ArtifactModule m = instantiate(c);
            if (m.evidenceTypes().contains(evidenceType)) out.add(m);
        }
        out.sort(java.util.Comparator.comparing(ArtifactModule::slug));
        return out;
    }

    public List<String> moduleClasses() {
        return List.copyOf(modules.keySet());
    }

    private static <T> T instantiate(Class<? extends T> c) {
        try {
            return c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate " + c.getName(), e);
        }
    }
}
