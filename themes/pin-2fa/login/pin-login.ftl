<#import "template.ftl" as layout>
<#import "buttons.ftl" as buttons>
<#import "pin-fields.ftl" as pinFields>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('pin'); section>
<!-- template: pin-login.ftl -->
    <#if section="header">
        ${msg("pinLoginTitle")}
    <#elseif section="form">
        <@pinFields.sentTo/>
        <#if pin.canVerify>
            <form id="kc-pin-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate="novalidate">
                <@pinFields.pinInput/>
                <@buttons.actionGroup>
                    <@buttons.button id="kc-login" name="action" label="doLogIn" value="verify"/>
                </@buttons.actionGroup>
            </form>
        </#if>
        <@pinFields.otherActions/>
    </#if>
</@layout.registrationLayout>
