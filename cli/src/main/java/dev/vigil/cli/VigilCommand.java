package dev.vigil.cli;

import dev.vigil.core.Version;
import picocli.AutoComplete;
import picocli.CommandLine.Command;

@Command(name = "vigil",
        mixinStandardHelpOptions = true,
        versionProvider = VigilCommand.VersionProvider.class,
        description = {
            "Checks phone evidence (iOS backups, filesystem dumps, sysdiagnose, Android bugreports,",
            "AndroidQF acquisitions, adb backups, network captures) for traces of mercenary spyware",
            "such as NSO Group's Pegasus and Intellexa's Predator, against public indicators of compromise.",
            "",
            "Exit status: 0 completed, nothing at HIGH or CRITICAL; 3 completed with HIGH or CRITICAL alerts;",
            "1 failed; 2 usage error."},
        subcommands = {
            DemoCommand.class,
            IocsCommand.class,
            CheckIocsCommand.class,
            CheckAutoCommand.class,
            VerifyCommand.class,
            dev.vigil.cli.ios.ExtractKeyCommand.class,
            dev.vigil.cli.ios.DecryptBackupCommand.class,
            dev.vigil.cli.report.ReportCommand.class,
            dev.vigil.cli.serve.ServeCommand.class,
            AutoComplete.GenerateCompletion.class,
        })
public final class VigilCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static final class VersionProvider implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"vigil " + Version.get(), "Java " + Runtime.version()};
        }
    }
}
