package io.chainwatch.alerts.channel;

import io.chainwatch.alerts.Alert;
import io.chainwatch.alerts.AlertChannel;
import io.chainwatch.alerts.Delivery;
import io.chainwatch.alerts.Notification;
import io.chainwatch.core.config.AlertChannelConfig;
import io.chainwatch.core.config.Secret;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.InstantSource;
import java.util.Date;
import java.util.Optional;
import java.util.Properties;

/**
 * Sends a plain-text e-mail per notification over SMTP with Jakarta Mail (Eclipse Angus): STARTTLS required
 * (the connection is refused if the server does not offer it) or TLS from the start, the server's name checked
 * against its certificate, and AUTH with the username and password. The subject is the notification's title
 * ({@code [FIRING:2] CRITICAL EndpointBenched chain=eth}); the body lists each alert with its labels, annotations
 * and times. Protocol debugging stays off (it would print the AUTH exchange). Not retried: 5xx replies,
 * refused credentials, refused recipients, an untrusted certificate; retried: 4xx replies and network failures.
 */
public final class EmailChannel implements AlertChannel {
    private static final Logger LOG = LoggerFactory.getLogger(EmailChannel.class);

    private final AlertChannelConfig.Email config;
    private final InstantSource clock;
    private final Session session;
    private final Scrubber scrubber;

    public EmailChannel(AlertChannelConfig.Email config, InstantSource clock) {
        this.config = config;
        this.clock = clock;
        this.session = Session.getInstance(properties(config));
        this.session.setDebug(false);
        this.scrubber = Scrubber.of(config.password().map(Secret::reveal).orElse(null));
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public Delivery deliver(Notification n) {
        Delivery d;
        try (Transport transport = session.getTransport("smtp")) {
            MimeMessage message = message(n);
            transport.connect(config.host(), config.port(), config.username().orElse(null),
                    config.password().map(Secret::reveal).orElse(null));
            transport.sendMessage(message, message.getAllRecipients());
            d = new Delivery.Delivered("accepted by " + config.host() + ":" + config.port() + " for " + config.to().size() + " recipients");
        } catch (AuthenticationFailedException e) {
            d = failed("the server refused the credentials", e, false);
        } catch (SMTPSendFailedException e) {
            d = failed("the server replied " + e.getReturnCode(), e, e.getReturnCode() / 100 == 4);
        } catch (SendFailedException e) {
            d = failed("recipients refused", e, false);
        } catch (MessagingException e) {
            boolean tls = causedBy(e, SSLException.class);
            d = failed(tls ? "TLS failed" : "SMTP failed", e, !tls && !String.valueOf(e.getMessage()).contains("STARTTLS"));
        }
        if (d instanceof Delivery.Failed f) {
            LOG.debug("alert channel {}: delivery failed: {}", config.name(), f.reason());
        }
        return d;
    }

    private Delivery failed(String what, Exception e, boolean retryable) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String detail = AlertText.oneLine(String.valueOf(e.getMessage()))
                + (root == e ? "" : " (" + root.getClass().getSimpleName() + ": " + AlertText.oneLine(String.valueOf(root.getMessage())) + ")");
        return new Delivery.Failed(AlertText.cut(scrubber.clean(what + ": " + detail), 300), retryable, Optional.empty());
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    MimeMessage message(Notification n) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(address(config.from()));
        for (String to : config.to()) {
            m.addRecipient(Message.RecipientType.TO, address(to));
        }
        m.setSubject(AlertText.oneLine(AlertText.cut(AlertText.title(n), 200)), "UTF-8");
        m.setText(body(n), "UTF-8");
        m.setSentDate(Date.from(clock.instant()));
        m.setHeader("X-Chainwatch-Group", AlertText.oneLine(AlertText.cut(n.groupKey(), 200)));
        return m;
    }

    private static InternetAddress address(String text) throws AddressException {
        InternetAddress a = new InternetAddress(text, true);
        a.validate();
        return a;
    }

    static String body(Notification n) {
        StringBuilder sb = new StringBuilder(AlertText.title(n)).append("\n\nGroup: ").append(n.groupKey()).append('\n');
        for (Alert a : n.alerts()) {
            sb.append("\n").append(a.status().name()).append(' ').append(a.severity().name()).append(' ').append(a.name()).append('\n');
            sb.append("  Summary: ").append(a.summary()).append('\n');
            a.annotations().entrySet().stream().filter(e -> !e.getKey().equals("summary")).sorted(java.util.Map.Entry.comparingByKey())
                    .forEach(e -> sb.append("  ").append(e.getKey()).append(": ").append(e.getValue()).append('\n'));
            a.labels().forEach((k, v) -> sb.append("  label ").append(k).append('=').append(v).append('\n'));
            sb.append("  Started: ").append(Json.time(a.startsAt())).append('\n');
            a.endsAt().ifPresent(t -> sb.append("  Ended: ").append(Json.time(t)).append('\n'));
            a.resolvedReason().ifPresent(r -> sb.append("  Resolved because: ").append(r).append('\n'));
            sb.append("  Fingerprint: ").append(a.fingerprint()).append('\n');
        }
        return sb.toString();
    }

    private static Properties properties(AlertChannelConfig.Email c) {
        Properties p = new Properties();
        String timeout = String.valueOf(c.timeoutMs());
        p.put("mail.smtp.host", c.host());
        p.put("mail.smtp.port", String.valueOf(c.port()));
        p.put("mail.smtp.connectiontimeout", timeout);
        p.put("mail.smtp.timeout", timeout);
        p.put("mail.smtp.writetimeout", timeout);
        p.put("mail.smtp.from", c.from());
        p.put("mail.smtp.auth", String.valueOf(c.username().isPresent()));
        p.put("mail.debug", "false");
        p.put("mail.debug.auth", "false");
        switch (c.tls()) {
            case STARTTLS -> {
                p.put("mail.smtp.starttls.enable", "true");
                p.put("mail.smtp.starttls.required", "true");
            }
            case IMPLICIT -> p.put("mail.smtp.ssl.enable", "true");
            case NONE -> {
            }
        }
        if (c.tls() != AlertChannelConfig.EmailTls.NONE) {
            p.put("mail.smtp.ssl.checkserveridentity", "true");
            p.put("mail.smtp.ssl.protocols", "TLSv1.3 TLSv1.2");
            c.trustCertificate().ifPresent(path -> p.put("mail.smtp.ssl.socketFactory", trusting(c.name(), path).getSocketFactory()));
        }
        return p;
    }

    /** A TLS context that trusts exactly the certificates in the PEM file at {@code path}. */
    private static SSLContext trusting(String channel, Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("trusted-" + i++, cert);
            }
            if (i == 0) {
                throw new IllegalArgumentException("alert channel " + channel + ": trustCertificate " + path + " holds no certificate");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("alert channel " + channel + ": cannot read trustCertificate " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "EmailChannel[" + config.name() + ", " + config.host() + ":" + config.port() + " " + AlertText.lower(config.tls())
                + ", to " + config.to() + "]";
    }
}
