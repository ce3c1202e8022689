<#import "template.ftl" as layout>
<#import "buttons.ftl" as buttons>
<#import "pin-fields.ftl" as pinFields>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('pin'); section>
<!-- template: pin-enrol-confirm.ftl -->
    <#if section="header">
        ${msg("pinEnrolConfirmTitle")}
    <#elseif section="form">
        <@pinFields.sentTo/>
        <#if pin.canVerify>
            <form id="kc-pin-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate="novalidate">
                <@pinFields.pinInput/>
                <@buttons.actionGroup>
                    <@buttons.button id="pin-confirm" name="action" label="pinEnrolConfirm" value="verify"/>
                </@buttons.actionGroup>
            </form>
        </#if>
        <form id="kc-pin-change-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate="novalidate">
            <@buttons.actionGroup>
                <@buttons.button id="pin-change-number" name="action" label="pinChangeNumber" type="secondary" value="change"/>
                <#if pin.canResend>
                    <@buttons.button id="pin-resend" name="action" label="pinResend" type="secondary" value="resend"/>
                </#if>
                <#if isAppInitiatedAction??>
                    <@buttons.button id="pin-cancel" name="cancel-aia" label="doCancel" type="secondary" value="true"/>
                </#if>
            </@buttons.actionGroup>
            <#if pin.canResend && pin.resendWait gt 0>
                <p id="pin-resend-wait" class="${properties.kcInputHelperTextItemTextClass!}">${msg("pinResendWait", pin.resendWait)}</p>
            </#if>
        </form>
    </#if>
</@layout.registrationLayout>
