package dev.vigil.ios.modules.backup;

import com.dd.plist.NSDictionary;
import com.dd.plist.NSObject;
import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.module.ModuleContext;
import dev.vigil.ios.backup.Plists;

import java.io.IOException;

/** Reading property lists of the evidence inside modules. */
final class BackupPlists {
    /** Largest plist read (profiles and Info.plist with app icons can be large). */
    static final long MAX = 256L << 20;

    private BackupPlists() {}

    static NSObject read(ModuleContext ctx, EvidenceFile f) throws IOException {
        ctx.used(f);
        return Plists.parse(ctx.source().readAll(f, MAX), f.path());
    }

    static NSDictionary dict(ModuleContext ctx, EvidenceFile f) throws IOException {
        if (read(ctx, f) instanceof NSDictionary d) return d;
        throw new IOException(f.path() + " is not a dictionary property list");
    }
}
