package io.shoal.rpc.tls;

import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * The identity fields of a node certificate's subject, as SwarmKit lays them out: CN = node ID,
 * OU = {@code swarm-manager} or {@code swarm-worker}, O = cluster ID. Any may be null on a
 * certificate that is not a node's.
 */
public record NodeSubject(String nodeId, String organizationalUnit, String clusterId) {

    public static NodeSubject of(X509Certificate cert) {
        X500Name name = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
        return new NodeSubject(attribute(name, BCStyle.CN), attribute(name, BCStyle.OU), attribute(name, BCStyle.O));
    }

    private static String attribute(X500Name name, ASN1ObjectIdentifier type) {
        RDN[] rdns = name.getRDNs(type);
        return rdns.length == 0 ? null : IETFUtils.valueToString(rdns[0].getFirst().getValue());
    }
}
