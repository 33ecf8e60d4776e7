package io.chainwatch.alerts.channel;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.chainwatch.alerts.Delivery;
import io.chainwatch.core.config.AlertChannelConfig;
import io.chainwatch.core.config.Secret;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.SMTPServer;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * E-mail reaches real SMTP servers started here: GreenMail over SMTPS (TLS from the first byte) and SubEthaSMTP
 * with STARTTLS required (GreenMail has no STARTTLS), both demanding AUTH and presenting a certificate for
 * 127.0.0.1 that the channel checks by name.
 */
@Timeout(60)
class EmailChannelTest {
    static final String USER = "alerts@example.com";
    private static GreenMail smtps;
    private static SMTPServer startTls;
    private static final BlockingQueue<byte[]> STARTTLS_INBOX = new LinkedBlockingQueue<>(100);

    @BeforeAll
    static void startServers() {
        TestCertificate cert = TestCertificate.get();
        // GreenMail reads its TLS key once per JVM, from these properties; only these tests start GreenMail.
        System.setProperty("greenmail.tls.keystore.file", cert.keystore.toString());
        System.setProperty("greenmail.tls.keystore.password", TestCertificate.PASSWORD);
        System.setProperty("greenmail.tls.key.password", TestCertificate.PASSWORD);
        smtps = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser(USER, USER, TestChannels.SMTP_PASSWORD));
        smtps.start();
        startTls = SMTPServer.port(0).bindAddress(InetAddress.getLoopbackAddress()).hostName("localhost")
                .enableTLS().requireTLS().startTlsSocketFactory(cert.serverContext)
                .requireAuth().authenticationHandlerFactory(new EasyAuthenticationHandlerFactory((user, password, context) -> {
                    if (!USER.equals(user) || !TestChannels.SMTP_PASSWORD.equals(password)) {
                        throw new LoginFailedException("bad credentials");
                    }
                }))
                .messageHandler((context, from, to, data) -> STARTTLS_INBOX.add(data))
                .build();
        startTls.start();
    }

    @AfterAll
    static void stopServers() {
        if (smtps != null) {
            smtps.stop();
        }
        if (startTls != null) {
            startTls.stop();
        }
    }

    static AlertChannelConfig.Email config(AlertChannelConfig.EmailTls tls, int port, String password, Optional<Path> trust) {
        return new AlertChannelConfig.Email("mail", OptionalInt.empty(), "127.0.0.1", port, tls, Optional.of(USER),
                Optional.of(Secret.of(password)), USER, List.of("ops@example.com", "oncall@example.com"), trust, 5000);
    }

    static EmailChannel smtpsChannel(String password) {
        return new EmailChannel(config(AlertChannelConfig.EmailTls.IMPLICIT, smtps.getSmtps().getPort(), password,
                Optional.of(TestCertificate.get().pem)), Samples.CLOCK);
    }

    static EmailChannel startTlsChannel(String password) {
        return new EmailChannel(config(AlertChannelConfig.EmailTls.STARTTLS, startTls.getPortAllocated(), password,
                Optional.of(TestCertificate.get().pem)), Samples.CLOCK);
    }

    private static void assertIsTheNotification(MimeMessage m) throws Exception {
        assertThat(m.getSubject()).isEqualTo("[FIRING:1] CRITICAL EndpointBenched chain=eth");
        assertThat(m.getFrom()).extracting(Object::toString).containsExactly(USER);
        assertThat(m.getRecipients(Message.RecipientType.TO)).extracting(Object::toString)
                .containsExactly("ops@example.com", "oncall@example.com");
        assertThat(m.getSentDate().toInstant()).isEqualTo(Samples.SENT);
        String body = ((String) m.getContent()).replace("\r\n", "\n");
        assertThat(body).contains("FIRING CRITICAL EndpointBenched\n  Summary: rpc-a is benched after <5> errors & timeouts")
                .contains("  description: Every request failed for 30 s.").contains("  label endpoint=rpc-a")
                .contains("RESOLVED WARNING StreamLag").contains("  Resolved because: orphaned by reorg at block 123")
                .contains("  Fingerprint: 3fa1c0de");
    }

    @Test
    void deliversOverImplicitTlsWithAuth() throws Exception {
        smtps.purgeEmailFromAllMailboxes();
        Delivery d = smtpsChannel(TestChannels.SMTP_PASSWORD).deliver(Samples.two("mail"));
        assertThat(d).isInstanceOf(Delivery.Delivered.class);
        assertThat(smtps.waitForIncomingEmail(5000, 2)).isTrue();
        MimeMessage[] received = smtps.getReceivedMessages();
        assertThat(received).hasSize(2); // one copy per recipient's mailbox
        assertIsTheNotification(received[0]);
    }

    @Test
    void deliversOverStartTlsWithAuth() throws Exception {
        STARTTLS_INBOX.clear();
        Delivery d = startTlsChannel(TestChannels.SMTP_PASSWORD).deliver(Samples.two("mail"));
        assertThat(d).isInstanceOf(Delivery.Delivered.class);
        byte[] data = STARTTLS_INBOX.poll(5, TimeUnit.SECONDS);
        assertThat(data).isNotNull();
        try (InputStream in = new ByteArrayInputStream(data)) {
            assertIsTheNotification(new MimeMessage(Session.getInstance(new Properties()), in));
        }
    }

    @Test
    void aRefusedPasswordIsNotRetriedAndNotShown() {
        for (EmailChannel channel : List.of(smtpsChannel("wrong-password-secret"), startTlsChannel("wrong-password-secret"))) {
            Delivery.Failed f = (Delivery.Failed) channel.deliver(Samples.two("mail"));
            assertThat(f.retryable()).isFalse();
            assertThat(f.reason()).startsWith("the server refused the credentials").doesNotContain("wrong-password-secret");
        }
    }

    @Test
    void aServerWhoseCertificateIsNotTrustedIsRefused() {
        EmailChannel untrusting = new EmailChannel(config(AlertChannelConfig.EmailTls.IMPLICIT, smtps.getSmtps().getPort(),
                TestChannels.SMTP_PASSWORD, Optional.empty()), Samples.CLOCK);
        Delivery.Failed f = (Delivery.Failed) untrusting.deliver(Samples.two("mail"));
        assertThat(f.retryable()).isFalse();
        assertThat(f.reason()).startsWith("TLS failed");
    }

    @Test
    void starttlsIsRequiredSoAServerWithoutItGetsNoPassword() {
        GreenMail plain = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser(USER, USER, TestChannels.SMTP_PASSWORD));
        plain.start();
        try {
            EmailChannel channel = new EmailChannel(config(AlertChannelConfig.EmailTls.STARTTLS, plain.getSmtp().getPort(),
                    TestChannels.SMTP_PASSWORD, Optional.of(TestCertificate.get().pem)), Samples.CLOCK);
            Delivery.Failed f = (Delivery.Failed) channel.deliver(Samples.two("mail"));
            assertThat(f.retryable()).isFalse();
            assertThat(f.reason()).contains("STARTTLS");
            assertThat(plain.getReceivedMessages()).isEmpty();
        } finally {
            plain.stop();
        }
    }

    @Test
    void anUnreachableServerIsRetryable() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        EmailChannel channel = new EmailChannel(config(AlertChannelConfig.EmailTls.IMPLICIT, port, TestChannels.SMTP_PASSWORD,
                Optional.empty()), Samples.CLOCK);
        Delivery.Failed f = (Delivery.Failed) channel.deliver(Samples.two("mail"));
        assertThat(f.retryable()).isTrue();
    }
}
