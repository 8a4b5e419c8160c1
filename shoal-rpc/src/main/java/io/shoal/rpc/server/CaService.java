package io.shoal.rpc.server;

import static java.util.Objects.requireNonNull;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.shoal.api.NodeAvailability;
import io.shoal.api.ShoalException;
import io.shoal.manager.ca.JoinTokens;
import io.shoal.manager.ca.NodeCertificate;
import io.shoal.rpc.GrpcErrors;
import io.shoal.rpc.ca.NodeEnrollment;
import io.shoal.rpc.ca.TrustStatus;
import io.shoal.rpc.proto.CAGrpc;
import io.shoal.rpc.proto.GetRootCACertificateRequest;
import io.shoal.rpc.proto.GetRootCACertificateResponse;
import io.shoal.rpc.proto.IssueNodeCertificateRequest;
import io.shoal.rpc.proto.IssueNodeCertificateResponse;
import io.shoal.rpc.proto.NodeRoleRequest;
import io.shoal.rpc.proto.NodeRoleResponse;
import io.shoal.rpc.proto.TrustStatusRequest;
import io.shoal.rpc.proto.TrustStatusResponse;

/**
 * The CA service on the cluster port. IssueNodeCertificate is a renewal when the caller presents
 * a valid certificate of a node still in the swarm (its node ID is kept), and a join otherwise,
 * which needs a join token.
 */
final class CaService extends CAGrpc.CAImplBase {
    private final NodeEnrollment enrollment;

    CaService(NodeEnrollment enrollment) {
        this.enrollment = requireNonNull(enrollment, "enrollment is null");
    }

    @Override
    public void getRootCACertificate(GetRootCACertificateRequest request,
                                     StreamObserver<GetRootCACertificateResponse> out) {
        try {
            String pem = enrollment.rootCaPem();
            out.onNext(GetRootCACertificateResponse.newBuilder().setCertificatePem(pem).build());
            out.onCompleted();
        } catch (RuntimeException e) {
            out.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void issueNodeCertificate(IssueNodeCertificateRequest request,
                                     StreamObserver<IssueNodeCertificateResponse> out) {
        Caller caller = Caller.current();
        try {
            NodeCertificate cert;
            if (caller.authenticated()) {
                cert = enrollment.renew(caller.nodeId(), request.getCsrPem());
            } else if (!request.getToken().isBlank()) {
                cert = enrollment.join(request.getToken(), request.getCsrPem(), availability(request.getAvailability()));
            } else if (caller.rejection() != null) {
                // A renewal attempt with a certificate we do not accept: say why.
                out.onError(Status.PERMISSION_DENIED.withDescription(caller.rejection()).asRuntimeException());
                return;
            } else {
                throw new ShoalException.InvalidArgument(JoinTokens.NOT_VALID_FOR_CLUSTER);
            }
            out.onNext(IssueNodeCertificateResponse.newBuilder()
                    .setNodeId(cert.nodeId())
                    .setCertificatePem(cert.certPem())
                    .build());
            out.onCompleted();
        } catch (RuntimeException e) {
            out.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void nodeRole(NodeRoleRequest request, StreamObserver<NodeRoleResponse> out) {
        try {
            out.onNext(NodeRoleResponse.newBuilder()
                    .setDesiredRole(enrollment.desiredRole(Caller.current().nodeId()).wire()).build());
            out.onCompleted();
        } catch (RuntimeException e) {
            out.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void trustStatus(TrustStatusRequest request, StreamObserver<TrustStatusResponse> out) {
        try {
            TrustStatus t = enrollment.trustStatus();
            out.onNext(TrustStatusResponse.newBuilder()
                    .setTrustRootPem(t.trustRootPem())
                    .setIssuerSubject(t.issuer().certIssuerSubject())
                    .setIssuerPublicKey(t.issuer().certIssuerPublicKey())
                    .setRotationInProgress(t.rotationInProgress())
                    .build());
            out.onCompleted();
        } catch (RuntimeException e) {
            out.onError(GrpcErrors.toStatus(e));
        }
    }

    private static NodeAvailability availability(String s) {
        if (s == null || s.isBlank()) {
            return NodeAvailability.ACTIVE;
        }
        try {
            return NodeAvailability.of(s);
        } catch (IllegalArgumentException e) {
            throw new ShoalException.InvalidArgument("invalid Availability: \"" + s + "\"");
        }
    }
}
