import { ReadModelsModule } from '../read-models/read-models.module';
import { Module } from '@nestjs/common';
import { DraftCommitmentHandler } from './draft-commitment/draft-commitment.command';
import { DraftCommitmentHttpController } from './draft-commitment/draft-commitment.http.controller';
import { PlanMilestoneHandler } from './plan-milestone/plan-milestone.command';
import { PlanMilestoneHttpController } from './plan-milestone/plan-milestone.http.controller';
import { RescheduleMilestoneHandler } from './reschedule-milestone/reschedule-milestone.command';
import { RescheduleMilestoneHttpController } from './reschedule-milestone/reschedule-milestone.http.controller';
import { DesignateAdministratorHandler } from './designate-administrator/designate-administrator.command';
import { DesignateAdministratorHttpController } from './designate-administrator/designate-administrator.http.controller';
import { SignActaHandler } from './sign-acta/sign-acta.command';
import { SignActaHttpController } from './sign-acta/sign-acta.http.controller';
import { IdentifyResourceHandler } from './identify-resource/identify-resource.command';
import { IdentifyResourceHttpController } from './identify-resource/identify-resource.http.controller';
import { ReportMilestoneProgressHandler } from './report-milestone-progress/report-milestone-progress.command';
import { ReportMilestoneProgressHttpController } from './report-milestone-progress/report-milestone-progress.http.controller';
import { ReviewProgressReportHandler } from './review-progress-report/review-progress-report.command';
import { ReviewProgressReportHttpController } from './review-progress-report/review-progress-report.http.controller';
import { AnswerObjectionHandler } from './answer-objection/answer-objection.command';
import { AnswerObjectionHttpController } from './answer-objection/answer-objection.http.controller';
import { CompleteMilestoneHandler } from './complete-milestone/complete-milestone.command';
import { CompleteMilestoneHttpController } from './complete-milestone/complete-milestone.http.controller';
import { SubmitReportHandler } from './submit-report/submit-report.command';
import { SubmitReportHttpController } from './submit-report/submit-report.http.controller';
import { CloseCommitmentHandler } from './close-commitment/close-commitment.command';
import { CloseCommitmentHttpController } from './close-commitment/close-commitment.http.controller';
import { RecordIrmAssessmentHandler } from './record-irm-assessment/record-irm-assessment.command';
import { RecordIrmAssessmentHttpController } from './record-irm-assessment/record-irm-assessment.http.controller';
import { WithdrawCommitmentHandler } from './withdraw-commitment/withdraw-commitment.command';
import { WithdrawCommitmentHttpController } from './withdraw-commitment/withdraw-commitment.http.controller';
import { ConcurTransferDecisionHandler } from './concur-transfer-decision/concur-transfer-decision.command';
import { ConcurTransferDecisionHttpController } from './concur-transfer-decision/concur-transfer-decision.http.controller';
import { MaintainCommitmentHandler } from './maintain-commitment/maintain-commitment.command';
import { MaintainCommitmentHttpController } from './maintain-commitment/maintain-commitment.http.controller';
import { TransferCommitmentHandler } from './transfer-commitment/transfer-commitment.command';
import { TransferCommitmentHttpController } from './transfer-commitment/transfer-commitment.http.controller';
import { AcknowledgeInformationHandoverHandler } from './acknowledge-information-handover/acknowledge-information-handover.command';
import { AcknowledgeInformationHandoverHttpController } from './acknowledge-information-handover/acknowledge-information-handover.http.controller';
import { BulkCommands } from './decide-transfers/bulk-commands';
import { DecideTransfersHttpController } from './decide-transfers/decide-transfers.http.controller';
import { ConcurTransferDecisionsHttpController } from './concur-transfer-decisions/concur-transfer-decisions.http.controller';
import { GetCommitmentHttpController } from './get-commitment/get-commitment.http.controller';
import { GetCommitmentHandler } from './get-commitment/get-commitment.query';
import { ListCommitmentsHttpController } from './list-commitments/list-commitments.http.controller';
import { ListCommitmentsHandler } from './list-commitments/list-commitments.query';

/** The commitment's commands and the fold-based reads. */
@Module({
  imports: [ReadModelsModule],
  controllers: [
    DraftCommitmentHttpController,
    PlanMilestoneHttpController,
    RescheduleMilestoneHttpController,
    DesignateAdministratorHttpController,
    SignActaHttpController,
    IdentifyResourceHttpController,
    ReportMilestoneProgressHttpController,
    ReviewProgressReportHttpController,
    AnswerObjectionHttpController,
    CompleteMilestoneHttpController,
    SubmitReportHttpController,
    CloseCommitmentHttpController,
    RecordIrmAssessmentHttpController,
    WithdrawCommitmentHttpController,
    DecideTransfersHttpController,
    ConcurTransferDecisionsHttpController,
    ConcurTransferDecisionHttpController,
    MaintainCommitmentHttpController,
    TransferCommitmentHttpController,
    AcknowledgeInformationHandoverHttpController,
    ListCommitmentsHttpController,
    GetCommitmentHttpController,
  ],
  providers: [
    DraftCommitmentHandler,
    PlanMilestoneHandler,
    RescheduleMilestoneHandler,
    DesignateAdministratorHandler,
    SignActaHandler,
    IdentifyResourceHandler,
    ReportMilestoneProgressHandler,
    ReviewProgressReportHandler,
    AnswerObjectionHandler,
    CompleteMilestoneHandler,
    SubmitReportHandler,
    CloseCommitmentHandler,
    RecordIrmAssessmentHandler,
    WithdrawCommitmentHandler,
    ConcurTransferDecisionHandler,
    MaintainCommitmentHandler,
    TransferCommitmentHandler,
    AcknowledgeInformationHandoverHandler,
    BulkCommands,
    GetCommitmentHandler,
    ListCommitmentsHandler,
  ],
})
export class CommitmentsModule {}
