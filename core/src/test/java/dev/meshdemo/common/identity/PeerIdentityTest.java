package dev.meshdemo.common.identity;

import static dev.meshdemo.common.identity.PeerIdentity.Mesh.ISTIO;
import static dev.meshdemo.common.identity.PeerIdentity.Mesh.LINKERD;
import static dev.meshdemo.common.identity.PeerIdentity.Mesh.NONE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PeerIdentityTest {

    @Test
    void readsTheSpiffeUriFromIstiosClientCertHeader() {
        String xfcc = "By=spiffe://cluster.local/ns/meshdemo/sa/cart-service;Hash=8b1f;Subject=\"\";"
                + "URI=spiffe://cluster.local/ns/meshdemo/sa/order-service";
        assertEquals(new PeerIdentity("spiffe://cluster.local/ns/meshdemo/sa/order-service", "istio"),
                PeerIdentity.from(ISTIO, xfcc, null));
    }

    @Test
    void takesTheLastElementWhenSeveralProxiesAppended() {
        String xfcc = "By=spiffe://a;URI=spiffe://cluster.local/ns/istio-system/sa/istio-ingressgateway,"
                + "By=spiffe://b;Subject=\"CN=x,O=y\";URI=spiffe://cluster.local/ns/meshdemo/sa/order-service";
        assertEquals("spiffe://cluster.local/ns/meshdemo/sa/order-service", PeerIdentity.from(ISTIO, xfcc, null).identity());
    }

    @Test
    void quotedValuesWithSeparatorsDoNotConfuseTheParser() {
        String xfcc = "Subject=\"CN=a;b,c\";URI=\"spiffe://cluster.local/ns/x/sa/y\"";
        assertEquals("spiffe://cluster.local/ns/x/sa/y", PeerIdentity.from(ISTIO, xfcc, null).identity());
    }

    @Test
    void readsLinkerdsClientId() {
        assertEquals(new PeerIdentity("web.emojivoto.serviceaccount.identity.linkerd.cluster.local", "linkerd"),
                PeerIdentity.from(LINKERD, null, " web.emojivoto.serviceaccount.identity.linkerd.cluster.local "));
    }

    @Test
    void noHeaderOrNoSpiffeUriMeansNoPeer() {
        assertEquals(PeerIdentity.NONE, PeerIdentity.from(ISTIO, null, null));
        assertEquals(PeerIdentity.NONE, PeerIdentity.from(LINKERD, "", "  "));
        assertEquals(PeerIdentity.NONE, PeerIdentity.from(ISTIO, "Hash=abc;URI=https://not-spiffe", null));
        assertEquals(PeerIdentity.NONE, PeerIdentity.from(ISTIO, "garbage;;;=,,", null));
    }

    @Test
    void onlyTheConfiguredMeshsHeaderIsTrusted() {
        String xfcc = "URI=spiffe://cluster.local/ns/meshdemo/sa/admin";
        String linkerd = "admin.meshdemo.serviceaccount.identity.linkerd.cluster.local";
        // Without a mesh nobody strips these headers, so a client could claim any identity.
        assertEquals(PeerIdentity.NONE, PeerIdentity.from(NONE, xfcc, linkerd));
        // Behind Istio a client-sent l5d-client-id passes untouched; behind Linkerd an XFCC does.
        assertEquals(new PeerIdentity("spiffe://cluster.local/ns/meshdemo/sa/admin", "istio"),
                PeerIdentity.from(ISTIO, xfcc, linkerd));
        assertEquals(PeerIdentity.NONE, PeerIdentity.from(ISTIO, null, linkerd));
        assertEquals(new PeerIdentity(linkerd, "linkerd"), PeerIdentity.from(LINKERD, xfcc, linkerd));
        assertEquals(PeerIdentity.NONE, PeerIdentity.from(LINKERD, xfcc, null));
    }
}
