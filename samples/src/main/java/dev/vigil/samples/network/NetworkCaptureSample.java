package dev.vigil.samples.network;

import dev.vigil.samples.Sample;

import java.io.IOException;
import java.nio.file.Path;

/** The demo network evidence: a hotspot capture and logs with planted Pegasus, EagleMsgSpy and ResidentBat indicators. */
public final class NetworkCaptureSample implements Sample {
    @Override
    public String name() {
        return "network-capture";
    }

    @Override
    public String evidenceType() {
        return "network";
    }

    @Override
    public String description() {
        return "Wi-Fi hotspot capture (pcapng, pcap) with Zeek, Suricata, proxy and Android intrusion logs; planted: Pegasus domains "
                + NetworkDemo.PEGASUS_DOMAIN + " and a subdomain of " + NetworkDemo.PEGASUS_PARENT + ", EagleMsgSpy address "
                + NetworkDemo.EAGLEMSGSPY_IP + ", ResidentBat address " + NetworkDemo.RESIDENTBAT_IP;
    }

    @Override
    public Path build(Path dir) throws IOException {
        Path d = dir.resolve(name());
        NetworkDemo.writeAll(d);
        return d;
    }
}
