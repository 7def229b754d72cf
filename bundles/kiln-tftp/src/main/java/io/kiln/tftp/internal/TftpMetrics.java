package io.kiln.tftp.internal;

import io.kiln.api.metrics.MetricFamily;
import io.kiln.api.metrics.MetricSource;
import io.kiln.api.metrics.Sample;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The TFTP server's counters for {@code /metrics}: requests, transfers by outcome, bytes sent, transfers running. */
@Component(service = MetricSource.class)
public final class TftpMetrics implements MetricSource {
    private final TftpServiceImpl tftp;

    @Activate
    public TftpMetrics(@Reference TftpServiceImpl tftp) {
        this.tftp = tftp;
    }

    @Override
    public List<MetricFamily> metrics() {
        TftpStats.Snapshot s = tftp.stats();
        return List.of(
                MetricFamily.counter("kiln_tftp_requests_total", "TFTP read and write requests received", List.of(Sample.of(s.requests()))),
                MetricFamily.counter("kiln_tftp_transfers_total", "TFTP transfers ended, by outcome (completed: last block acknowledged;"
                        + " failed: an ERROR sent or abandoned after all retries)", List.of(
                        new Sample(Map.of("outcome", "completed"), s.transfersCompleted()),
                        new Sample(Map.of("outcome", "failed"), s.errors()))),
                MetricFamily.counter("kiln_tftp_bytes_sent_total", "TFTP DATA payload bytes sent, retransmissions included",
                        List.of(Sample.of(s.bytesSent()))),
                MetricFamily.counter("kiln_tftp_malformed_total", "datagrams dropped as not valid TFTP", List.of(Sample.of(s.malformedDropped()))),
                MetricFamily.gauge("kiln_tftp_transfers_active", "TFTP transfers in progress now", List.of(Sample.of(s.activeTransfers()))));
    }
}
