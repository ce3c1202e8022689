<#-- Shared parts of the PIN pages: the PIN field and the actions besides entering it. -->
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>

<#-- The PIN input: one-time-code autofill, the PIN type's input mode, never type="number";
     its error is tied to it with aria-describedby and aria-invalid. -->
<#macro pinInput>
  <#assign pinError = messagesPerField.get('pin')>
  <@field.group name="pin" label=msg("pinLabel") error=pinError required=true>
    <span class="${properties.kcInputClass} <#if pinError?has_content>${properties.kcError}</#if>">
      <input id="pin" name="pin" type="text" value="" autocomplete="one-time-code" inputmode="${pin.inputMode}"
             autocapitalize="off" spellcheck="false" autofocus aria-required="true"
             aria-describedby="<#if pinError?has_content>input-error-pin </#if>pin-sent-to"
             aria-invalid="<#if pinError?has_content>true<#else>false</#if>"/>
      <@field.errorIcon error=pinError/>
    </span>
  </@field.group>
</#macro>

<#-- Where the PIN went, masked. -->
<#macro sentTo>
  <#if pin.delivered>
    <p id="pin-sent-to" class="${properties.kcInputHelperTextItemTextClass!}">
      <#if pin.channel == "VOICE">${msg("pinSentByVoice", pin.sentTo)}<#elseif pin.channel == "EMAIL">${msg("pinSentByEmail", pin.sentTo)}<#else>${msg("pinSentBySms", pin.sentTo)}</#if>
    </p>
  <#else>
    <p id="pin-sent-to" class="${properties.kcInputHelperTextItemTextClass!}"></p>
  </#if>
</#macro>

<#-- Resend, other channels and "start over": a form of its own, so that Enter in the PIN field
     always verifies. The server enforces the resend cooldown; the page says how long is left. -->
<#macro otherActions>
  <form id="kc-pin-other-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate="novalidate">
    <#if pin.canResend>
      <#if pin.resendWait gt 0>
        <p id="pin-resend-wait" class="${properties.kcInputHelperTextItemTextClass!}">${msg("pinResendWait", pin.resendWait)}</p>
      </#if>
      <@buttons.actionGroup>
        <@buttons.button id="pin-resend" name="action" label="pinResend" type="secondary" value="resend"/>
        <#if pin.offerSms><@buttons.button id="pin-sms" name="action" label="pinSmsInstead" type="secondary" value="sms"/></#if>
        <#if pin.offerVoice><@buttons.button id="pin-voice" name="action" label="pinVoiceInstead" type="secondary" value="voice"/></#if>
        <#if pin.offerEmail><@buttons.button id="pin-email" name="action" label="pinEmailInstead" type="secondary" value="email"/></#if>
      </@buttons.actionGroup>
    </#if>
    <#nested>
  </form>
  <#if pin.startOver>
    <@buttons.actionGroup>
      <@buttons.buttonLink id="pin-start-over" href=url.loginRestartFlowUrl label="pinStartOver"/>
    </@buttons.actionGroup>
  </#if>
</#macro>
