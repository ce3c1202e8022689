package io.github.keycloakpin2fa.it.browser;

import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The Account Console (keycloak.v3), reached after a successful login. */
public final class AccountConsole {

    private static final String PHONE = "pin-2fa-phone";
    private final Browser browser;

    public AccountConsole(Browser browser) {
        this.browser = browser;
        browser.evidenceOnTimeout(() -> new WebDriverWait(browser.driver(), Duration.ofSeconds(60)).until(d ->
                d.getCurrentUrl().contains("/account") && !d.getCurrentUrl().contains("/login-actions/")
                        && d.findElements(By.cssSelector("body[data-page-id^='login-']")).isEmpty()
                        && !d.findElements(By.cssSelector("main, [role='main']")).isEmpty()));
    }

    /** Opens "Account security / Signing in" and waits for the phone's section. */
    public AccountConsole openSigningIn(String realm) {
        browser.open("/realms/" + realm + "/account/account-security/signing-in");
        browser.await(By.cssSelector("[data-testid='" + PHONE + "/title']"));
        return this;
    }

    public String phoneSectionTitle() {
        return browser.driver().findElement(By.cssSelector("[data-testid='" + PHONE + "/title']")).getText().strip();
    }

    public String phoneList() {
        return browser.driver().findElement(By.cssSelector("[data-testid='" + PHONE + "/credential-list']")).getText().strip();
    }

    public boolean phoneNotSetUp() {
        return !browser.driver().findElements(By.cssSelector("[data-testid='" + PHONE + "/not-set-up']")).isEmpty();
    }

    /** Removes the phone: Delete, then Keycloak's confirmation page, then back here. */
    public AccountConsole removePhone(String realm) {
        WebElement delete = browser.driver().findElement(
                By.cssSelector("[data-testid='" + PHONE + "/credential-list'] [data-testrole='remove']"));
        WebElement html = browser.driver().findElement(By.tagName("html"));
        delete.click();
        new WebDriverWait(browser.driver(), Duration.ofSeconds(20)).until(ExpectedConditions.stalenessOf(html));
        browser.awaitLoginPage("delete-credential");
        browser.screenshot("account-remove-phone-confirm");
        browser.clickAndWaitForNewPage(browser.driver().findElement(By.id("kc-accept")));
        new AccountConsole(browser);
        browser.open("/realms/" + realm + "/account/account-security/signing-in");
        browser.await(By.cssSelector("[data-testid='" + PHONE + "/title']"));
        return this;
    }
}
