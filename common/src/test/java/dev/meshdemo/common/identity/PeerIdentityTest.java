package dev.meshdemo.common.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PeerIdentityTest {

    @Test
    void readsTheSpiffeUriFromIstiosClientCertHeader() {
        String xfcc = "By=spiffe://cluster.local/ns/meshdemo/sa/cart-service;Hash=8b1f;Subject=\"\";"
                + "URI=spiffe://cluster.local/ns/meshdemo/sa/order-service";
        assertEquals(new PeerIdentity("spiffe://cluster.local/ns/meshdemo/sa/order-service", "istio"),
                PeerIdentity.from(xfcc, null));
    }

    @Test
    void takesTheLastElementWhenSeveralProxiesAppended() {
        String xfcc = "By=spiffe://a;URI=spiffe://cluster.local/ns/istio-system/sa/istio-ingressgateway,"
                + "By=spiffe://b;Subject=\"CN=x,O=y\";URI=spiffe://cluster.local/ns/meshdemo/sa/order-service";
        assertEquals("spiffe://cluster.local/ns/meshdemo/sa/order-service", PeerIdentity.from(xfcc, null).identity());
    }

    @Test
    void quotedValuesWithSeparatorsDoNotConfuseTheParser() {
        String xfcc = "Subject=\"CN=a;b,c\";URI=\"spiffe://cluster.local/ns/x/sa/y\"";
        assertEquals("spiffe://cluster.local/ns/x/sa/y", PeerIdentity.from(xfcc, null).identity());
    }

    @Test
    void readsLinkerdsClientId() {
        assertEquals(new PeerIdentity("web.emojivoto.serviceaccount.identity.linkerd.cluster.local", "linkerd"),
                PeerIdentity.from(null, " web.emojivoto.serviceaccount.identity.linkerd.cluster.local "));
    }

    @Test
    void noHeaderOrNoSpiffeUriMeansNoPeer() {
        assertEquals(PeerIdentity.NONE, PeerIdentity.from(null, null));
        assertEquals(PeerIdentity.NONE, PeerIdentity.from("", "  "));
        assertEquals(PeerIdentity.NONE, PeerIdentity.from("Hash=abc;URI=https://not-spiffe", null));
        assertEquals(PeerIdentity.NONE, PeerIdentity.from("garbage;;;=,,", null));
    }
}
