package io.github.keycloakpin2fa.it.browser;

import org.openqa.selenium.By;

/** Keycloak's username and password page. */
public final class LoginPage {

    private final Browser browser;

    private LoginPage(Browser browser) {
        this.browser = browser;
        browser.awaitLoginPage("login");
    }

    /** Opens a realm's Account Console, which sends a signed-out user here. */
    public static LoginPage openAccountConsole(Browser browser, String realm) {
        browser.open("/realms/" + realm + "/account");
        return new LoginPage(browser);
    }

    public static LoginPage current(Browser browser) {
        return new LoginPage(browser);
    }

    public void logIn(String username, String password) {
        browser.driver().findElement(By.id("username")).sendKeys(username);
        browser.driver().findElement(By.id("password")).sendKeys(password);
        browser.clickAndWaitForNewPage(browser.driver().findElement(By.id("kc-login")));
    }
}
